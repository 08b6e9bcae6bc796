/// How a validation behaves; one immutable value shared by every call.
public struct ValidationOptions: Sendable, Hashable {
    /// How to report best-practice invariants and advice.
    public enum BestPractice: String, Sendable, Hashable { case ignore, hint, warning, error }

    /// Report best-practice findings with this severity (or not at all).
    public var bestPractice: BestPractice
    /// Extension URLs starting with one of these are accepted without a definition.
    public var allowedExtensionDomains: [String]
    /// Stop adding issues after this many (nil: no limit). Validation still completes.
    public var maximumIssues: Int?

    public init(bestPractice: BestPractice = .warning, allowedExtensionDomains: [String] = [], maximumIssues: Int? = nil) {
        self.bestPractice = bestPractice
        self.allowedExtensionDomains = allowedExtensionDomains
        self.maximumIssues = maximumIssues
    }
}
