/// A code in a value set: its system and code.
public struct SystemCode: Sendable, Hashable {
    public var system: String
    public var code: String

    public init(system: String, code: String) {
        self.system = system
        self.code = code
    }
}

/// The codes of a value set, as far as they can be computed offline.
public struct ValueSetExpansion: Sendable {
    public var url: String
    public var name: String?
    public var codes: Set<SystemCode>
    /// False when some part could not be expanded (a code system or filter not available):
    /// a code missing from `codes` is then not proof that it is outside the value set.
    public var isComplete: Bool
    /// Every system the value set draws from (known or not).
    public var systems: Set<String>

    /// True when the value set holds the code. O(1).
    public func contains(system: String, code: String) -> Bool {
        codes.contains(SystemCode(system: system, code: code))
    }

    /// True when the value set holds the code in any of its systems (for `code` elements). O(systems).
    public func contains(code: String) -> Bool {
        systems.contains { codes.contains(SystemCode(system: $0, code: code)) }
    }

    /// True when the value set holds the code: in `system` when given (a Coding), else in any
    /// of its systems (a `code`). O(1) with a system, O(systems) without.
    public func contains(system: String?, code: String) -> Bool {
        system.map { contains(system: $0, code: code) } ?? contains(code: code)
    }
}
