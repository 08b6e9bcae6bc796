import FHIRElements
import FHIRTerminology

/// The codes of a small, complete value set expansion, answering membership by a scan.
///
/// Most bound value sets are small (a handful of codes), and a code element is checked against
/// one at nearly every resource: comparing a few codes, lengths first, costs less than hashing
/// the code for a set lookup. Answers exactly what `ValueSetExpansion.contains(system:code:)` does.
struct SmallCodeList: Sendable {
    /// The most codes kept as a list; a larger expansion is looked up by hash.
    static let limit = 16

    /// Every code of the expansion, for a Coding (with its system).
    private let codes: [SystemCode]
    /// The codes in one of the expansion's systems, for a `code` element (no system).
    private let codesInItsSystems: [String]

    /// Nil when the expansion holds more than `limit` codes.
    init?(_ expansion: ValueSetExpansion) {
        guard expansion.codes.count <= Self.limit else { return nil }
        codes = Array(expansion.codes)
        codesInItsSystems = codes.filter { expansion.systems.contains($0.system) }.map(\.code)
    }

    /// True when the code is in the expansion: in `system` when given, else in any of its systems. O(codes).
    func contains(system: String?, code: String) -> Bool {
        guard let system else { return codesInItsSystems.contains { $0.isSameName(as: code) } }
        return codes.contains { $0.code.isSameName(as: code) && $0.system.isSameName(as: system) }
    }
}
