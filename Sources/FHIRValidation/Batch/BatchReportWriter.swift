/// Writes batch results in the formats CI systems and people read.
///
/// - `text`: `file:line:col: severity (code): message [expression]` per issue.
/// - `json`: one OperationOutcome per input file, holding the issues of all its records (issue
///   lines are lines of the file); a JSON array when there are several files.
/// - `ndjson`: one JSON object per issue, with file, record line, resource type and id.
/// - `junit`: a `<testsuite>` per file and a `<testcase>` per record, failing on errors.
/// - `sarif`: SARIF 2.1.0 with one result per error or warning.
public enum BatchFormat: String, Sendable, CaseIterable {
    case text, json, ndjson, junit, sarif
}

public struct BatchReportWriter {
    public let format: BatchFormat
    private var collected: [BatchResult] = []
    private var jsonCount = 0

    public init(format: BatchFormat) { self.format = format }

    /// Text for one result as it arrives (streaming formats), or nil when it is collected for the end.
    public mutating func write(_ item: BatchResult) -> String? {
        var out: [UInt8] = []
        guard write(item, appendingTo: &out) else { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the text for one result as it arrives (streaming formats) to `out`, without a final
    /// line break; false when nothing was written (collected for the end, or no issues in ndjson).
    public mutating func write(_ item: BatchResult, appendingTo out: inout [UInt8]) -> Bool {
        switch format {
        case .text:
            // Issue positions are already lines of the file, so they follow the file name alone.
            out.append(contentsOf: OperationOutcomeWriter.text(item.result, source: item.record.source, label: item.record.label).utf8)
            return true
        case .ndjson:
            guard !item.result.issues.isEmpty else { return false }
            for (i, issue) in item.result.issues.enumerated() {
                if i > 0 { out.append(UInt8(ascii: "\n")) }
                Self.appendLine(issue, of: item, to: &out)
            }
            return true
        case .json, .junit, .sarif:
            collected.append(item)
            return false
        }
    }

    /// One ndjson line for an issue, written straight to bytes (this runs for every finding):
    /// file, record, resourceType, id, severity, code, messageId, message, expression, profile,
    /// entry, entryResourceType, entryId, line, column; absent values are left out.
    private static func appendLine(_ issue: Issue, of item: BatchResult, to out: inout [UInt8]) {
        var first = true
        /// `name` is written with its quotes and colon (`"file":`), in one copy.
        func key(_ name: StaticString) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
        func string(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            JSONEscaping.appendQuoted(value, to: &out)
        }
        func int(_ name: StaticString, _ value: Int?) {
            guard let value else { return }
            key(name)
            JSONEscaping.appendDecimal(value, to: &out)
        }
        string("\"file\":", item.record.source)
        int("\"record\":", item.record.line)
        string("\"resourceType\":", item.result.resourceType)
        string("\"id\":", item.result.resourceID)
        string("\"severity\":", issue.severity.rawValue)
        string("\"code\":", issue.code.rawValue)
        string("\"messageId\":", issue.messageID)
        string("\"message\":", issue.message)
        string("\"expression\":", issue.expression)
        string("\"profile\":", issue.profile)
        int("\"entry\":", issue.entry?.index)
        string("\"entryResourceType\":", issue.entry?.resourceType)
        string("\"entryId\":", issue.entry?.resourceID)
        int("\"line\":", issue.position?.line)
        int("\"column\":", issue.position?.column)
        out.append(UInt8(ascii: "}"))
    }

    /// What remains to be written after the last result.
    public func finish() -> String? {
        switch format {
        case .text, .ndjson: return nil
        case .json:
            var files: [String] = []
            var issues: [String: [Issue]] = [:]
            for item in collected {
                if issues[item.record.source] == nil { files.append(item.record.source) }
                issues[item.record.source, default: []] += item.result.issues
            }
            let outcomes = files.map { OperationOutcomeWriter.outcome(ValidationResult(issues: issues[$0]!), source: files.count > 1 ? $0 : nil) }
            if outcomes.count == 1 { return outcomes[0].render() }
            return JSONOut.array(outcomes).render()
        case .junit: return junit()
        case .sarif: return sarif()
        }
    }

    private func junit() -> String {
        var files: [String] = []
        var byFile: [String: [BatchResult]] = [:]
        for item in collected {
            if byFile[item.record.source] == nil { files.append(item.record.source) }
            byFile[item.record.source, default: []].append(item)
        }
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<testsuites name=\"fhirval\">"]
        for file in files {
            let items = byFile[file]!
            let failures = items.filter { !$0.result.isValid }.count
            out.append("  <testsuite name=\"\(Self.xml(file))\" tests=\"\(items.count)\" failures=\"\(failures)\" errors=\"0\">")
            for item in items {
                let name = [item.record.line.map { "line \($0)" }, item.result.resourceType.map { $0 + (item.result.resourceID.map { "/" + $0 } ?? "") }]
                    .compactMap { $0 }.joined(separator: " ")
                out.append("    <testcase classname=\"\(Self.xml(file))\" name=\"\(Self.xml(name.isEmpty ? item.record.label : name))\">")
                let errors = item.result.issues.filter { $0.severity.isError }
                if !errors.isEmpty {
                    let body = errors.map { issue in
                        "\(issue.position.map { "\($0.line):\($0.column) " } ?? "")\(issue.expression ?? ""): \(issue.message)"
                    }.joined(separator: "\n")
                    out.append("      <failure message=\"\(errors.count) error(s)\" type=\"\(Self.xml(errors[0].code.rawValue))\">\(Self.xml(body))</failure>")
                }
                out.append("    </testcase>")
            }
            out.append("  </testsuite>")
        }
        out.append("</testsuites>")
        return out.joined(separator: "\n")
    }

    private func sarif() -> String {
        var results: [JSONOut] = []
        var rules = Set<String>()
        for item in collected {
            for issue in item.result.issues where issue.severity != .information {
                rules.insert(issue.messageID)
                var region: [(String, JSONOut)] = []
                if let position = issue.position { region = [("startLine", .int(position.line)), ("startColumn", .int(position.column))] }
                var physical: [(String, JSONOut)] = [("artifactLocation", .object([("uri", .string(item.record.source))]))]
                if !region.isEmpty { physical.append(("region", .object(region))) }
                var location: [(String, JSONOut)] = [("physicalLocation", .object(physical))]
                if let expression = issue.expression {
                    location.append(("logicalLocations", .array([.object([("fullyQualifiedName", .string(expression))])])))
                }
                results.append(.object([
                    ("ruleId", .string(issue.messageID)),
                    ("level", .string(issue.severity.isError ? "error" : "warning")),
                    ("message", .object([("text", .string(issue.message))])),
                    ("locations", .array([.object(location)])),
                ]))
            }
        }
        let driver: JSONOut = .object([
            ("name", .string("fhirval")), ("informationUri", .string("https://hl7.org/fhir/R4/validation.html")),
            ("rules", .array(rules.sorted().map { .object([("id", .string($0))]) })),
        ])
        return JSONOut.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([("tool", .object([("driver", driver)])), ("results", .array(results))])])),
        ]).render()
    }

    static func xml(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if c.value < 0x20 && c != "\n" && c != "\t" { out += "&#\(c.value);" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }
}
