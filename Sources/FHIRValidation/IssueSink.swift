import FHIRElements

/// Collects the issues of one validation, honouring the issue limit.
struct IssueSink {
    private(set) var issues: [Issue] = []
    let limit: Int?

    init(limit: Int?) { self.limit = limit }

    mutating func add(_ severity: Issue.Severity, _ code: IssueCode, _ id: String, _ message: String,
                      _ expression: String?, _ position: SourcePosition?) {
        if let limit, issues.count >= limit { return }
        issues.append(Issue(severity: severity, code: code, messageID: id, message: message,
                            expression: expression, position: position))
    }

    mutating func append(_ issue: Issue) {
        if let limit, issues.count >= limit { return }
        issues.append(issue)
    }
}
