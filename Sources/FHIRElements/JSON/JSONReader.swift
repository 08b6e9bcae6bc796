/// A byte-level JSON reader (RFC 8259) that keeps the position of every value.
///
/// Written here rather than on JSONSerialization so that positions, number
/// text and duplicate keys survive. Nesting is limited so that hostile input
/// cannot exhaust the stack; ill-formed UTF-8 is rejected before parsing.
public struct JSONReader {
    /// The deepest nesting of objects and arrays accepted.
    public static let maximumDepth = 200

    /// Parses one JSON document. O(n) in the input size.
    /// - Throws: `SyntaxError` with the line and column of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONNode {
        let result: Result<JSONNode, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            do throws(SyntaxError) {
                return .success(try reader.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private mutating func document() throws(SyntaxError) -> JSONNode {
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw SyntaxError("The content is not valid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)))", at: bad.position)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
        skipWhitespace()
        if offset >= bytes.count { throw SyntaxError("The document is empty: no JSON content found", at: position) }
        let root = try value()
        skipWhitespace()
        if offset < bytes.count {
            throw SyntaxError("Unexpected content \(describeCurrent()) after the end of the JSON document", at: position)
        }
        return root
    }

    private func describeCurrent() -> String {
        guard offset < bytes.count else { return "end of file" }
        let b = bytes[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private mutating func advance() {
        let b = bytes[offset]
        offset += 1
        if b == 0x0A {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    private mutating func value() throws(SyntaxError) -> JSONNode {
        let start = position
        guard offset < bytes.count else { throw SyntaxError("Unexpected end of file: a value was expected", at: start) }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object(start)
        case UInt8(ascii: "["): return try array(start)
        case UInt8(ascii: "\""): return JSONNode(kind: .string(try string()), position: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(kind: .number(try number()), position: start)
        case UInt8(ascii: "t"): try literal("true"); return JSONNode(kind: .bool(true), position: start)
        case UInt8(ascii: "f"): try literal("false"); return JSONNode(kind: .bool(false), position: start)
        case UInt8(ascii: "n"): try literal("null"); return JSONNode(kind: .null, position: start)
        default:
            throw SyntaxError("Unexpected content \(describeCurrent()): a JSON value was expected", at: start)
        }
    }

    private mutating func enter(_ start: SourcePosition) throws(SyntaxError) {
        depth += 1
        if depth > JSONReader.maximumDepth {
            throw SyntaxError("The JSON is nested more than \(JSONReader.maximumDepth) levels deep", at: start)
        }
    }

    private mutating func object(_ start: SourcePosition) throws(SyntaxError) -> JSONNode {
        try enter(start)
        advance()
        var members: [JSONNode.Member] = []
        skipWhitespace()
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "}") {
            advance()
            depth -= 1
            return JSONNode(kind: .object(members), position: start)
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in an object", at: position) }
            guard bytes[offset] == UInt8(ascii: "\"") else {
                if bytes[offset] == UInt8(ascii: "}") {
                    throw SyntaxError("Unexpected close marker '}': a property name was expected after ','", at: position)
                }
                throw SyntaxError("Unexpected content \(describeCurrent()): a property name in quotes was expected", at: position)
            }
            let keyPosition = position
            let key = try string()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                throw SyntaxError("A ':' was expected after the property name '\(key)'", at: position)
            }
            advance()
            skipWhitespace()
            let member = try value()
            members.append(JSONNode.Member(key: key, keyPosition: keyPosition, value: member))
            skipWhitespace()
            guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in an object", at: position) }
            switch bytes[offset] {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"):
                advance()
                depth -= 1
                return JSONNode(kind: .object(members), position: start)
            case UInt8(ascii: "\""):
                throw SyntaxError("A comma is missing in the JSON before the property starting here", at: position)
            default:
                throw SyntaxError("Unexpected content \(describeCurrent()): ',' or '}' was expected", at: position)
            }
        }
    }

    private mutating func array(_ start: SourcePosition) throws(SyntaxError) -> JSONNode {
        try enter(start)
        advance()
        var items: [JSONNode] = []
        skipWhitespace()
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
            advance()
            depth -= 1
            return JSONNode(kind: .array(items), position: start)
        }
        while true {
            skipWhitespace()
            if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
                throw SyntaxError("Unexpected close marker ']': a value was expected after ','", at: position)
            }
            items.append(try value())
            skipWhitespace()
            guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in an array", at: position) }
            switch bytes[offset] {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"):
                advance()
                depth -= 1
                return JSONNode(kind: .array(items), position: start)
            default:
                throw SyntaxError("Unexpected content \(describeCurrent()): ',' or ']' was expected", at: position)
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let start = position
        let text = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for expected in text {
            guard offset < bytes.count, bytes[offset] == expected else {
                throw SyntaxError("Unexpected content: '\(word)' was expected", at: start)
            }
            advance()
        }
    }

    private mutating func number() throws(SyntaxError) -> String {
        let start = offset
        let startPosition = position
        func digits(_ r: inout JSONReader) -> Int {
            var count = 0
            while r.offset < r.bytes.count, r.bytes[r.offset] >= 0x30, r.bytes[r.offset] <= 0x39 {
                r.advance()
                count += 1
            }
            return count
        }
        if bytes[offset] == UInt8(ascii: "-") { advance() }
        guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in a number", at: position) }
        if bytes[offset] == UInt8(ascii: "0") {
            advance()
            if offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 {
                throw SyntaxError("Invalid number: leading zeros are not allowed in JSON", at: startPosition)
            }
        } else if digits(&self) == 0 {
            throw SyntaxError("Invalid number: a digit was expected", at: position)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            advance()
            if digits(&self) == 0 { throw SyntaxError("Invalid number: a digit was expected after '.'", at: position) }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            advance()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { advance() }
            if digits(&self) == 0 { throw SyntaxError("Invalid number: a digit was expected in the exponent", at: position) }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
    }

    private mutating func string() throws(SyntaxError) -> String {
        let start = position
        advance()  // opening quote
        let runStart = offset
        // Fast path: a run without escapes holds no line break, so only the column moves (one
        // per scalar: per non-continuation byte).
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            if b & 0xC0 != 0x80 { column += 1 }
            offset += 1
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]), as: UTF8.self)
            advance()
            return text
        }
        if offset < bytes.count, bytes[offset] < 0x20 {
            throw SyntaxError("Illegal control character 0x\(String(bytes[offset], radix: 16)) in a string: it must be escaped", at: position)
        }
        var scratch = Array(UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
        while offset < bytes.count {
            let b = bytes[offset]
            switch b {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &scratch)
            case 0..<0x20:
                throw SyntaxError("Illegal control character 0x\(String(b, radix: 16)) in a string: it must be escaped", at: position)
            default:
                scratch.append(b)
                advance()
            }
        }
        throw SyntaxError("Unexpected end of file in a string that starts here", at: start)
    }

    private mutating func escape(into scratch: inout [UInt8]) throws(SyntaxError) {
        let escapePosition = position
        advance()
        guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in an escape", at: escapePosition) }
        let c = bytes[offset]
        advance()
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(c)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapePosition)
            if (0xD800...0xDBFF).contains(scalar) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw SyntaxError("Invalid escape: a high surrogate must be followed by a low surrogate", at: escapePosition)
                }
                advance()
                advance()
                let low = try hex4(escapePosition)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw SyntaxError("Invalid escape: a high surrogate must be followed by a low surrogate", at: escapePosition)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw SyntaxError("Invalid escape: a lone low surrogate", at: escapePosition)
            }
            scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw SyntaxError("Invalid escape sequence '\\\(Character(Unicode.Scalar(c)))'", at: escapePosition)
        }
    }

    private mutating func hex4(_ at: SourcePosition) throws(SyntaxError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in a \\u escape", at: at) }
            let c = bytes[offset]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw SyntaxError("Invalid \\u escape: four hex digits are required", at: at)
            }
            v = v * 16 + d
            advance()
        }
        return v
    }
}
