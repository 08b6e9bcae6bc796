import FHIRElements

/// Renders validation results as a FHIR OperationOutcome (JSON) and as readable text.
public enum OperationOutcomeWriter {
    static let lineExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line"
    static let columnExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col"
    static let messageIDExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id"
    static let sourceExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-file"

    /// The OperationOutcome JSON for one result. `source` names the input file, when known.
    public static func json(_ result: ValidationResult, source: String? = nil, pretty: Bool = true) -> String {
        outcome(result, source: source).render(pretty: pretty)
    }

    static func outcome(_ result: ValidationResult, source: String?) -> JSONOut {
        var members: [(String, JSONOut)] = [("resourceType", .string("OperationOutcome"))]
        if let source {
            members.append(("extension", .array([.object([("url", .string(sourceExtension)), ("valueString", .string(source))])])))
        }
        let issues = result.issues.isEmpty
            ? [JSONOut.object([("severity", .string("information")), ("code", .string("informational")),
                               ("details", .object([("text", .string("All OK"))]))])]
            : result.issues.map(issue)
        members.append(("issue", .array(issues)))
        return .object(members)
    }

    static func issue(_ issue: Issue) -> JSONOut {
        var extensions: [JSONOut] = []
        if let position = issue.position {
            extensions.append(.object([("url", .string(lineExtension)), ("valueInteger", .int(position.line))]))
            extensions.append(.object([("url", .string(columnExtension)), ("valueInteger", .int(position.column))]))
        }
        extensions.append(.object([("url", .string(messageIDExtension)), ("valueString", .string(issue.messageID))]))
        var members: [(String, JSONOut)] = [
            ("extension", .array(extensions)),
            ("severity", .string(issue.severity.rawValue)),
            ("code", .string(issue.code.rawValue)),
            ("details", .object([("text", .string(issue.message))])),
        ]
        if let expression = issue.expression {
            members.append(("expression", .array([.string(expression)])))
        }
        if let entry = issue.entry {
            // Which entry's resource the finding is in, so a reader finds it without counting entries.
            members.append(("diagnostics", .string("Bundle \(entry.description)")))
        }
        return .object(members)
    }

    /// A readable report: a heading for the record (`label`, e.g. `file` or `file:12` for an
    /// NDJSON line), then one line per issue, `file:line:col: severity (code): message [expression]`.
    public static func text(_ result: ValidationResult, source: String, label: String? = nil) -> String {
        var lines: [String] = []
        let summary = result.isValid ? "valid" : "INVALID"
        lines.append("\(label ?? source): \(summary) — \(result.errorCount) error(s), \(result.warningCount) warning(s)")
        for issue in result.issues {
            let position = issue.position.map { ":\($0.line):\($0.column)" } ?? ""
            let expression = issue.expression.map { " [\($0)\(issue.entry.map { ", " + $0.description } ?? "")]" } ?? ""
            lines.append("  \(source)\(position): \(issue.severity.rawValue) (\(issue.code.rawValue)): \(issue.message)\(expression)")
        }
        return lines.joined(separator: "\n")
    }
}
