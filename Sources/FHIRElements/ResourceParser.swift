/// The serialization a document is written in.
public enum ResourceFormat: String, Sendable, CaseIterable {
    case json, xml

    /// Guesses the format from the first non-blank byte (`{` JSON, `<` XML). O(leading whitespace).
    public static func sniff(_ bytes: [UInt8]) -> ResourceFormat? {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
            case UInt8(ascii: "<"): return .xml
            default: return nil
            }
        }
        return nil
    }
}

/// A parsed resource: the element tree, and what parsing found wrong with its form.
public struct ParsedResource: Sendable {
    /// The root resource, or nil when the document could not be read as one.
    public var root: Element?
    public var format: ResourceFormat
    /// Syntax (fatal) and representation problems found while parsing.
    public var issues: [Issue]
    /// True when sibling order in the source is significant (XML).
    public var orderIsSignificant: Bool { format == .xml }
}

/// Parses FHIR resources from JSON or XML into the element tree.
public enum ResourceParser {
    /// Parses one resource document. Never throws: syntax errors become one fatal issue. O(n).
    public static func parse(_ bytes: [UInt8], format: ResourceFormat? = nil) -> ParsedResource {
        parse(bytes, format: format, workspace: nil)
    }

    /// `parse(_:format:)` reusing a thread's buffers (see `ParseWorkspace`).
    public static func parse(_ bytes: [UInt8], format: ResourceFormat? = nil, workspace: ParseWorkspace?) -> ParsedResource {
        guard let format = format ?? ResourceFormat.sniff(bytes) else {
            let issue = Issue(severity: .fatal, code: .invalid, messageID: "parse.unknown-format",
                              message: bytes.isEmpty ? "The document is empty" : "The content is neither JSON nor XML (it must start with '{' or '<')",
                              position: SourcePosition(line: 1, column: 1))
            return ParsedResource(root: nil, format: .json, issues: [issue])
        }
        switch format {
        case .json:
            if let root = JSONDirectReader.read(bytes, workspace: workspace) {
                return ParsedResource(root: root, format: .json, issues: [])
            }
            return parseJSONWithFindings(bytes, workspace: workspace, strings: workspace?.stringsForNextDocument())
        case .xml:
            do {
                let node = try XMLReader.parseDocument(bytes)
                var builder = XMLElementBuilder()
                let root = builder.buildResource(node)
                return ParsedResource(root: root, format: .xml, issues: builder.issues)
            } catch {
                return ParsedResource(root: nil, format: .xml, issues: [syntaxIssue(error, "xml")])
            }
        }
    }

    /// Reads JSON by way of the token tape and the builder that report every problem of form
    /// (what `parse` does for documents `JSONDirectReader` leaves to it). O(n).
    static func parseJSONWithFindings(_ bytes: [UInt8], workspace: ParseWorkspace?, strings: StringInterner?) -> ParsedResource {
        do {
            var builder = JSONElementBuilder(tape: try JSONReader.tape(bytes, workspace: workspace), workspace: workspace, strings: strings)
            let root = builder.buildResource()
            if let workspace { builder.recycle(into: workspace) }
            return ParsedResource(root: root, format: .json, issues: builder.issues)
        } catch {
            return ParsedResource(root: nil, format: .json, issues: [syntaxIssue(error, "json")])
        }
    }

    private static func syntaxIssue(_ error: SyntaxError, _ kind: String) -> Issue {
        Issue(severity: .fatal, code: .invalid, messageID: "\(kind).syntax",
              message: "Error parsing \(kind.uppercased()): \(error.message)", position: error.position)
    }
}
