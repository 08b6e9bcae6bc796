/// Writes JSON text: string escaping and indentation for outcome and report output.
public struct JSONWriter {
    private(set) var text = ""
    let pretty: Bool

    init(pretty: Bool = true) { self.pretty = pretty }

    /// A JSON string literal for a Swift string, with the escapes JSON requires.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A JSON value tree built for output.
indirect enum JSONOut {
    case object([(String, JSONOut)])
    case array([JSONOut])
    case string(String)
    case int(Int)
    case bool(Bool)

    func render(pretty: Bool = true, indent: Int = 0) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        let colon = pretty ? ": " : ":"
        switch self {
        case .string(let s): return JSONWriter.quoted(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + newline + items.map { pad + $0.render(pretty: pretty, indent: indent + 1) }
                .joined(separator: "," + newline) + newline + closePad + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{" + newline + members.map { pad + JSONWriter.quoted($0.0) + colon + $0.1.render(pretty: pretty, indent: indent + 1) }
                .joined(separator: "," + newline) + newline + closePad + "}"
        }
    }
}
