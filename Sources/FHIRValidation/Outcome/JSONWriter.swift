/// Writes JSON text: string escaping and indentation for outcome and report output.
public struct JSONWriter {
    private(set) var text = ""
    let pretty: Bool

    init(pretty: Bool = true) { self.pretty = pretty }

    /// A JSON string literal for a Swift string, with the escapes JSON requires.
    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        JSONEscaping.appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A JSON value tree built for output.
enum JSONOut {  // not `indirect`: the arrays hold nested values out of line
    case object([(String, JSONOut)])
    case array([JSONOut])
    case string(String)
    case int(Int)
    case bool(Bool)

    func render(pretty: Bool = true, indent: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, pretty: pretty, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the value as UTF-8 JSON, indented by two spaces per level when pretty.
    func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
        func newline(_ level: Int) {
            guard pretty else { return }
            out.append(10)
            out += repeatElement(32, count: 2 * level)
        }
        switch self {
        case .string(let s): JSONEscaping.appendQuoted(s, to: &out)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .array(let items):
            guard !items.isEmpty else { out += [91, 93]; return }
            out.append(91)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(44) }
                newline(indent + 1)
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            newline(indent)
            out.append(93)
        case .object(let members):
            guard !members.isEmpty else { out += [123, 125]; return }
            out.append(123)
            for (k, (key, value)) in members.enumerated() {
                if k > 0 { out.append(44) }
                newline(indent + 1)
                JSONEscaping.appendQuoted(key, to: &out)
                out += pretty ? [58, 32] : [58]
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            newline(indent)
            out.append(125)
        }
    }
}
