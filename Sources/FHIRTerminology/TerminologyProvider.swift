/// Where validation finds code systems and value sets. Lookups never touch the network.
public protocol TerminologyProvider: Sendable {
    /// The content of a code system by canonical (`url` or `url|version`), or nil when not loaded.
    func codeSystem(_ canonical: String) -> CodeSystemContent?
    /// The expansion of a value set by canonical, or nil when the value set is not loaded.
    func expansion(of valueSet: String) -> ValueSetExpansion?
}
