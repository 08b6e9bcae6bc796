/// Parses ECL in its brief (`<< 123 |term|`, `^ 456`, `AND`, `OR`, `MINUS`) and long forms
/// (`descendantOrSelfOf 123`, `memberOf 456`), keywords case-insensitive, as UK Core's value
/// sets write it. Refinements (`:`) and filters (`{{ }}`) parse to `.unsupported`.
public struct ECLParser {
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at character \(offset + 1)" }
    }

    private let text: [UInt8]
    private var i = 0

    /// Parses a whole expression. O(length).
    /// - Throws: `ParseError` with the offset of the first character that does not fit.
    public static func parse(_ source: String) throws(ParseError) -> ECLExpression {
        var parser = ECLParser(text: Array(source.utf8))
        let expression = try parser.expression()
        parser.skipSpace()
        guard parser.i == parser.text.count else { throw parser.error("unexpected '\(parser.rest.prefix(12))'") }
        return expression
    }

    private init(text: [UInt8]) { self.text = text }

    private var rest: String { String(decoding: text[i...], as: UTF8.self) }

    private func error(_ message: String) -> ParseError { ParseError(message: message, offset: i) }

    private mutating func skipSpace() {
        while i < text.count, text[i] == 32 || text[i] == 9 || text[i] == 10 || text[i] == 13 { i += 1 }
    }

    private mutating func expression() throws(ParseError) -> ECLExpression {
        var left = try term()
        while true {
            skipSpace()
            if i < text.count, text[i] == UInt8(ascii: ":") || text[i] == UInt8(ascii: "{") {
                let source = rest
                i = text.count
                return .and(left, .unsupported("refinements and filters are not evaluated offline: '\(source)'"))
            }
            if i < text.count, text[i] == UInt8(ascii: ",") {
                i += 1
                left = .and(left, try term())
                continue
            }
            let start = i
            let word = self.word().lowercased()
            switch word {
            case "and": left = .and(left, try term())
            case "or": left = .or(left, try term())
            case "minus": left = .minus(left, try term())
            default:
                i = start
                return left
            }
        }
    }

    private mutating func term() throws(ParseError) -> ECLExpression {
        skipSpace()
        guard i < text.count else { throw error("an expression is missing") }
        if let op = symbolOperator() { return .constrained(op, try term()) }
        let c = text[i]
        if c == UInt8(ascii: "(") {
            i += 1
            let inner = try expression()
            skipSpace()
            guard i < text.count, text[i] == UInt8(ascii: ")") else { throw error("')' expected") }
            i += 1
            return inner
        }
        if c == UInt8(ascii: "*") {
            i += 1
            return .any
        }
        if (48...57).contains(c) {
            let start = i
            while i < text.count, (48...57).contains(text[i]) { i += 1 }
            guard let id = Int64(String(decoding: text[start..<i], as: UTF8.self)) else { throw error("concept id too long") }
            skipTerm()
            return .concept(id)
        }
        let start = i
        let word = self.word()
        if let op = ECLExpression.Operator.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) {
            return .constrained(op, try term())
        }
        i = start
        throw error(word.isEmpty ? "unexpected '\(rest.prefix(12))'" : "unknown keyword '\(word)'")
    }

    /// `|term|` after a concept id is a comment.
    private mutating func skipTerm() {
        skipSpace()
        guard i < text.count, text[i] == UInt8(ascii: "|") else { return }
        i += 1
        while i < text.count, text[i] != UInt8(ascii: "|") { i += 1 }
        if i < text.count { i += 1 }
    }

    private mutating func word() -> String {
        skipSpace()
        let start = i
        while i < text.count, (65...90).contains(text[i]) || (97...122).contains(text[i]) { i += 1 }
        return String(decoding: text[start..<i], as: UTF8.self)
    }

    private mutating func symbolOperator() -> ECLExpression.Operator? {
        let table: [(String, ECLExpression.Operator)] = [
            ("<<!", .childOrSelfOf), ("<<", .descendantOrSelfOf), ("<!", .childOf), ("<", .descendantOf),
            (">>!", .parentOrSelfOf), (">>", .ancestorOrSelfOf), (">!", .parentOf), (">", .ancestorOf), ("^", .memberOf),
        ]
        for (symbol, op) in table {
            let bytes = Array(symbol.utf8)
            if i + bytes.count <= text.count, Array(text[i..<i + bytes.count]) == bytes {
                i += bytes.count
                return op
            }
        }
        return nil
    }
}
