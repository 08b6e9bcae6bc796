import Foundation

/// Products and quotients of the UCUM units FHIRPath knows (`cm.m`, `kg/m2`, `m/s2`), reduced
/// to a factor and powers of base units, so that `2.0 'cm' * 2.0 'm' = 0.040 'm2'` holds.
enum UnitAlgebra {
    /// A unit as a factor of a product of base-unit powers (`cm.m` = 0.01 × m²).
    struct Reduced: Equatable {
        var factor: Decimal
        var powers: [String: Int]

        /// The base units as UCUM text, in a fixed order (`g.m-2`, `m2`; `1` when dimensionless).
        var baseText: String {
            let terms = powers.filter { $0.value != 0 }.sorted { $0.key < $1.key }
                .map { $0.value == 1 ? $0.key : $0.key + String($0.value) }
            return terms.isEmpty ? "1" : terms.joined(separator: ".")
        }
    }

    /// Reduces a unit written as terms joined by `.` and `/`, each a known unit with an optional
    /// integer exponent (`m2`, `s-1`); nil for anything else. O(length of the unit).
    static func reduce(_ unit: String, atoms: [String: (base: String, factor: Decimal)]) -> Reduced? {
        var reduced = Reduced(factor: 1, powers: [:])
        var sign = 1
        var term = ""
        func flush() -> Bool {
            guard !term.isEmpty else { return false }
            var atom = Substring(term)
            var exponentText = ""
            while let last = atom.last, last.isNumber || (last == "-" && !exponentText.isEmpty) {
                exponentText.insert(last, at: exponentText.startIndex)
                atom = atom.dropLast()
            }
            guard !atom.isEmpty, let (base, factor) = atoms[String(atom)] else { return false }
            let exponent = (exponentText.isEmpty ? 1 : Int(exponentText) ?? 1) * sign
            guard abs(exponent) <= 9 else { return false }
            for _ in 0..<abs(exponent) {
                reduced.factor = exponent > 0 ? reduced.factor * factor : reduced.factor / factor
            }
            if base != "1" { reduced.powers[base, default: 0] += exponent }
            term = ""
            return true
        }
        for character in unit {
            if character == "." || character == "/" {
                guard flush() else { return nil }
                sign = character == "/" ? -1 : 1  // UCUM: left-associative, `kg/m.s` is (kg/m).s
            } else {
                term.append(character)
            }
        }
        guard flush() else { return nil }
        return reduced
    }
}
