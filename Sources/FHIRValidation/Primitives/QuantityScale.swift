import FHIRElements
import FHIRTerminology

/// Quantities with UCUM units reduced to a common metric unit where only a prefix differs.
enum QuantityScale {
    static let prefixes: [(String, Double)] = [
        ("da", 1e1), ("Y", 1e24), ("Z", 1e21), ("E", 1e18), ("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3), ("h", 1e2),
        ("d", 1e-1), ("c", 1e-2), ("m", 1e-3), ("u", 1e-6), ("n", 1e-9), ("p", 1e-12), ("f", 1e-15),
    ]

    /// The metric units a prefix may scale.
    static let units: Set<String> = ["m", "g", "s", "L", "l", "mol", "Pa", "J", "W", "V", "A", "Hz", "N"]

    /// The value in the unprefixed unit (`10 km` → `10000 m`); nil without a UCUM code.
    static func canonical(_ quantity: Element) -> (value: Double, unit: String)? {
        guard quantity.childValue("system") == BuiltInCodeSystems.ucum, let code = quantity.childValue("code"),
              let value = quantity.childValue("value").flatMap(Double.init) else { return nil }
        for (prefix, factor) in prefixes where code.hasPrefix(prefix) {
            let rest = String(code.dropFirst(prefix.count))
            if units.contains(rest) { return (value * factor, rest) }
        }
        return (value, code)
    }
}
