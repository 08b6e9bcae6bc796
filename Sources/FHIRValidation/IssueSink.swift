import FHIRElements

/// Collects the issues of one validation pass.
struct IssueSink {
    private(set) var issues: [Issue] = []

    mutating func add(_ severity: Issue.Severity, _ code: IssueCode, _ id: String, _ message: String,
                      _ expression: String?, _ position: SourcePosition?) {
        issues.append(Issue(severity: severity, code: code, messageID: id, message: message,
                            expression: expression, position: position))
    }

    mutating func append(_ issue: Issue) {
        issues.append(issue)
    }

    /// The issues found, moved out (the sink is empty afterwards): changing them then copies nothing.
    mutating func take() -> [Issue] {
        var taken: [Issue] = []
        swap(&taken, &issues)
        return taken
    }
}
