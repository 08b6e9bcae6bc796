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

    /// Issues of severity `fatal` or `error`. O(issues).
    public var errorCount: Int { count(severity: { $0.isError }) }
    /// Issues of severity `warning`. O(issues).
    public var warningCount: Int { count(severity: { $0 == .warning }) }
    /// True when no issue is an error or fatal. O(issues).
    public var isValid: Bool { count(severity: { $0.isError }) == 0 }

    /// How many issues have a severity that satisfies `test` (read in place: no issue is
    /// copied, nor an array made; this runs for every record of a batch).
    func count(severity test: (Issue.Severity) -> Bool) -> Int {
        var count = 0
        for index in issues.indices where test(issues[index].severity) { count += 1 }
        return count
    }
}
