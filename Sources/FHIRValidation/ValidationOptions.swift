/// How a validation behaves; one immutable value shared by every call.
public struct ValidationOptions: Sendable, Hashable {
    /// How to report best-practice invariants and advice.
    public enum BestPractice: String, Sendable, Hashable { case ignore, hint, warning, error }

    /// Report best-practice findings with this severity (or not at all).
    public var bestPractice: BestPractice
    /// Extension URLs starting with one of these are accepted without a definition.
    public var allowedExtensionDomains: [String]
    /// Report at most this many issues per resource (nil: no limit), the most severe first (see
    /// `Validator.capped`): a capped result fails exactly when the whole would.
    public var maximumIssues: Int?

    public init(bestPractice: BestPractice = .warning, allowedExtensionDomains: [String] = [], maximumIssues: Int? = nil) {
        self.bestPractice = bestPractice
        self.allowedExtensionDomains = allowedExtensionDomains
        self.maximumIssues = maximumIssues
    }
}
