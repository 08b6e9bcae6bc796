import FHIRElements

/// The outcome of validating one resource.
public struct ValidationResult: Sendable {
    /// Every issue found, in the order found (parse issues first).
    public var issues: [Issue]
    /// The resource type of the root, when it could be read.
    public var resourceType: String?
    /// The id of the root resource, when present.
    public var resourceID: String?

    public init(issues: [Issue], resourceType: String? = nil, resourceID: String? = nil) {
        self.issues = issues
        self.resourceType = resourceType
        self.resourceID = resourceID
    }

    /// Issues of severity `fatal` or `error`.
    public var errorCount: Int { issues.filter { $0.severity.isError }.count }
    public var warningCount: Int { issues.filter { $0.severity == .warning }.count }
    /// True when no issue is an error or fatal.
    public var isValid: Bool { !issues.contains { $0.severity.isError } }
}
