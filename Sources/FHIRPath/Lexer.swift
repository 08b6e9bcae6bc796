/// A token of a FHIRPath expression.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier          // name or `delimited name`
        case string              // 'text', unescaped
        case number              // 12, 1.5 (text kept)
        case longNumber          // 12L
        case dateTime            // @2015-02-04T14:34 (text after @)
        case time                // @T14:34 (text after @T)
        case variable            // %name, %`name`, %'name'
        case special             // $this, $index, $total
        case symbol              // operators and punctuation
        case end
    }

    var kind: Kind
    var text: String
    var offset: Int
    /// True for an identifier written in backticks (never a keyword).
    var delimited = false
}

/// Splits a FHIRPath expression into tokens, skipping whitespace and comments. O(n).
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var i = 0

    init(_ text: String) { scalars = Array(text.unicodeScalars) }

    static func tokenize(_ text: String) throws(FHIRPathError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < scalars.count ? scalars[i + k] : nil }

    private static func isLetter(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private mutating func skipTrivia() throws(FHIRPathError) {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { _ = d; i += 1 }
                continue
            }
            if c == "/" && peek(1) == "*" {
                let start = i
                i += 2
                while true {
                    guard let d = peek() else { throw FHIRPathError(.syntax, "Unterminated comment", offset: start) }
                    if d == "*" && peek(1) == "/" { i += 2; break }
                    i += 1
                }
                continue
            }
            return
        }
    }

    mutating func next() throws(FHIRPathError) -> Token {
        try skipTrivia()
        let start = i
        guard let c = peek() else { return Token(kind: .end, text: "", offset: i) }
        if Self.isLetter(c) {
            while let d = peek(), Self.isLetter(d) || Self.isDigit(d) { i += 1 }
            return Token(kind: .identifier, text: text(start, i), offset: start)
        }
        if c == "`" {
            let value = try quoted("`")
            return Token(kind: .identifier, text: value, offset: start, delimited: true)
        }
        if c == "'" {
            return Token(kind: .string, text: try quoted("'"), offset: start)
        }
        if Self.isDigit(c) {
            while let d = peek(), Self.isDigit(d) { i += 1 }
            if peek() == ".", let d = peek(1), Self.isDigit(d) {
                i += 1
                while let d = peek(), Self.isDigit(d) { i += 1 }
            } else if peek() == "L" {
                i += 1
                return Token(kind: .longNumber, text: text(start, i - 1), offset: start)
            }
            return Token(kind: .number, text: text(start, i), offset: start)
        }
        if c == "@" {
            i += 1
            if peek() == "T" {
                i += 1
                let from = i
                while let d = peek(), Self.isDigit(d) || d == ":" || (d == "." && peek(1).map(Self.isDigit) == true) { i += 1 }
                return Token(kind: .time, text: text(from, i), offset: start)
            }
            let from = i
            while let d = peek(), Self.isDigit(d) || d == "-" || d == ":" || (d == "." && peek(1).map(Self.isDigit) == true) || d == "T" || d == "Z" || d == "+" {
                // A '+' or '-' after the time is a zone; a '-' or '+' followed by a space is an operator.
                if (d == "+" || d == "-"), let e = peek(1), !Self.isDigit(e) { break }
                i += 1
            }
            if i == from { throw FHIRPathError(.syntax, "A date or time was expected after '@'", offset: start) }
            return Token(kind: .dateTime, text: text(from, i), offset: start)
        }
        if c == "%" {
            i += 1
            if peek() == "`" { return Token(kind: .variable, text: try quoted("`"), offset: start) }
            if peek() == "'" { return Token(kind: .variable, text: try quoted("'"), offset: start) }
            let from = i
            while let d = peek(), Self.isLetter(d) || Self.isDigit(d) || d == "-" { i += 1 }
            if i == from { throw FHIRPathError(.syntax, "A variable name was expected after '%'", offset: start) }
            return Token(kind: .variable, text: text(from, i), offset: start)
        }
        if c == "$" {
            i += 1
            while let d = peek(), Self.isLetter(d) { i += 1 }
            let name = text(start, i)
            guard ["$this", "$index", "$total"].contains(name) else {
                throw FHIRPathError(.syntax, "Unknown special variable '\(name)'", offset: start)
            }
            return Token(kind: .special, text: name, offset: start)
        }
        for symbol in ["<=", ">=", "!=", "!~", "(", ")", "[", "]", "{", "}", ".", ",", "+", "-", "*", "/", "|", "&", "=", "~", "<", ">"] {
            let chars = Array(symbol.unicodeScalars)
            if chars.enumerated().allSatisfy({ peek($0.offset) == $0.element }) {
                i += chars.count
                return Token(kind: .symbol, text: symbol, offset: start)
            }
        }
        throw FHIRPathError(.syntax, "Unexpected character '\(c)'", offset: start)
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[from..<to])
        return String(s)
    }

    private mutating func quoted(_ quote: Unicode.Scalar) throws(FHIRPathError) -> String {
        let start = i
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw FHIRPathError(.syntax, "Unterminated string or name", offset: start) }
            i += 1
            if c == quote { return String(out) }
            if c == "\\" {
                guard let e = peek() else { throw FHIRPathError(.syntax, "Unterminated escape", offset: start) }
                i += 1
                switch e {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "f": out.append("\u{0C}")
                case "u":
                    guard i + 4 <= scalars.count, let v = UInt32(text(i, i + 4), radix: 16), let s = Unicode.Scalar(v) else {
                        throw FHIRPathError(.syntax, "Invalid unicode escape", offset: i)
                    }
                    out.append(s)
                    i += 4
                default: out.append(e)  // \' \" \` \\ \/
                }
                continue
            }
            out.append(c)
        }
    }
}
