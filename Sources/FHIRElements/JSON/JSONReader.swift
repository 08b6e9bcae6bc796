/// A byte-level JSON reader (RFC 8259) that keeps the position of every value.
///
/// Written here rather than on JSONSerialization so that positions, number
/// text and duplicate keys survive. Nesting is limited so that hostile input
/// cannot exhaust the stack; ill-formed UTF-8 is rejected before parsing.
/// The reader writes a flat `JSONTape`; `parse` turns the tape into a `JSONNode` tree for
/// callers that want one.
public struct JSONReader {
    /// The deepest nesting of objects and arrays accepted.
    public static let maximumDepth = 200

    /// Parses one JSON document into a tree. O(n) in the input size.
    /// - Throws: `SyntaxError` with the line and column of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONNode {
        let tape = try tape(bytes)
        return tape.node(at: 0)
    }

    /// Reads one JSON document into a flat tape. O(n) in the input size.
    /// - Throws: `SyntaxError` with the line and column of the first problem.
    public static func tape(_ bytes: [UInt8]) throws(SyntaxError) -> JSONTape {
        try tape(bytes, workspace: nil)
    }

    /// `tape(_:)` writing into a workspace's entry buffer (given back by the builder).
    static func tape(_ bytes: [UInt8], workspace: ParseWorkspace?) throws(SyntaxError) -> JSONTape {
        guard bytes.count < Int(Int32.max) else {
            throw SyntaxError("The document is larger than 2 GB, more than one JSON document can hold here", at: SourcePosition(line: 1, column: 1))
        }
        let result: Result<JSONTape, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer, writingTo: JSONTape(bytes: bytes))
            if let workspace { swap(&reader.tape.entries, &workspace.entries) }
            // Compact FHIR JSON holds a token every six or seven bytes: one allocation for most
            // documents (capped, so that a large document grows its tape rather than over-reserving).
            reader.tape.entries.reserveCapacity(min(bytes.count / 6 + 16, 1 << 16))
            do throws(SyntaxError) {
                try reader.document()
                return .success(reader.tape)
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
    /// What is read, entry by entry (its source bytes are `bytes`).
    private var tape: JSONTape

    private init(_ bytes: UnsafeBufferPointer<UInt8>, writingTo tape: JSONTape) {
        self.bytes = bytes
        self.tape = tape
    }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }

    private mutating func document() throws(SyntaxError) {
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw SyntaxError("The content is not valid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)))", at: bad.position)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
        skipWhitespace()
        if offset >= bytes.count { throw SyntaxError("The document is empty: no JSON content found", at: position) }
        try value()
        skipWhitespace()
        if offset < bytes.count {
            throw SyntaxError("Unexpected content \(describeCurrent()) after the end of the JSON document", at: position)
        }
    }

    /// Appends a leaf entry (its `end` is the next index).
    private mutating func leaf(_ kind: JSONTape.Kind, flag: Bool = false, start: Int = 0, length: Int = 0, at position: SourcePosition) {
        tape.entries.append(JSONTape.Entry(kind: kind, flag: flag, start: Int32(truncatingIfNeeded: start),
                                      length: Int32(truncatingIfNeeded: length),
                                      end: Int32(truncatingIfNeeded: tape.entries.count + 1), position: position))
    }

    private func describeCurrent() -> String {
        guard offset < bytes.count else { return "end of file" }
        let b = bytes[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    @inline(__always)
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

    @inline(__always)
    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: advance()
            default: return
            }
        }
    }

    private mutating func value() throws(SyntaxError) {
        let start = position
        guard offset < bytes.count else { throw SyntaxError("Unexpected end of file: a value was expected", at: start) }
        switch bytes[offset] {
        case UInt8(ascii: "{"): try object(start)
        case UInt8(ascii: "["): try array(start)
        case UInt8(ascii: "\""): try string(as: .string)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let text = try number()
            leaf(.number, start: text.lowerBound, length: text.count, at: start)
        case UInt8(ascii: "t"): try literal("true"); leaf(.bool, flag: true, at: start)
        case UInt8(ascii: "f"): try literal("false"); leaf(.bool, flag: false, at: start)
        case UInt8(ascii: "n"): try literal("null"); leaf(.null, at: start)
        default:
            throw SyntaxError("Unexpected content \(describeCurrent()): a JSON value was expected", at: start)
        }
    }

    /// Appends a container's entry before its contents; `close` fills in its end and count.
    private mutating func open(_ kind: JSONTape.Kind, at start: SourcePosition) -> Int {
        leaf(kind, at: start)
        return tape.entries.count - 1
    }

    private mutating func close(_ index: Int, count: Int) {
        tape.entries[index].end = Int32(truncatingIfNeeded: tape.entries.count)
        tape.entries[index].length = Int32(truncatingIfNeeded: count)
        depth -= 1
    }

    private mutating func enter(_ start: SourcePosition) throws(SyntaxError) {
        depth += 1
        if depth > JSONReader.maximumDepth {
            throw SyntaxError("The JSON is nested more than \(JSONReader.maximumDepth) levels deep", at: start)
        }
    }

    private mutating func object(_ start: SourcePosition) throws(SyntaxError) {
        try enter(start)
        advance()
        let index = open(.object, at: start)
        var count = 0
        skipWhitespace()
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "}") {
            advance()
            close(index, count: 0)
            return
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
            try string(as: .key)
            if keyStartsWithUnderscore(tape.entries.count - 1) { tape.entries[index].flag = true }
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                throw SyntaxError("A ':' was expected after the property name '\(tape.text(tape.entries.count - 1))'", at: position)
            }
            advance()
            skipWhitespace()
            try value()
            count += 1
            skipWhitespace()
            guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in an object", at: position) }
            switch bytes[offset] {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"):
                advance()
                close(index, count: count)
                return
            case UInt8(ascii: "\""):
                throw SyntaxError("A comma is missing in the JSON before the property starting here", at: position)
            default:
                throw SyntaxError("Unexpected content \(describeCurrent()): ',' or '}' was expected", at: position)
            }
        }
    }

    /// True for a key written `_name` (a primitive's id and extensions).
    private func keyStartsWithUnderscore(_ index: Int) -> Bool {
        let entry = tape.entries[index]
        if entry.flag { return tape.decoded[Int(entry.start)].utf8.first == UInt8(ascii: "_") }
        return entry.length > 0 && bytes[Int(entry.start)] == UInt8(ascii: "_")
    }

    private mutating func array(_ start: SourcePosition) throws(SyntaxError) {
        try enter(start)
        advance()
        let index = open(.array, at: start)
        var count = 0
        skipWhitespace()
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
            advance()
            close(index, count: 0)
            return
        }
        while true {
            skipWhitespace()
            if offset < bytes.count && bytes[offset] == UInt8(ascii: "]") {
                throw SyntaxError("Unexpected close marker ']': a value was expected after ','", at: position)
            }
            try value()
            count += 1
            skipWhitespace()
            guard offset < bytes.count else { throw SyntaxError("Unexpected end of file in an array", at: position) }
            switch bytes[offset] {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"):
                advance()
                close(index, count: count)
                return
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

    private mutating func number() throws(SyntaxError) -> Range<Int> {
        let start = offset
        let startPosition = position
        let (end, problem) = JSONNumberSyntax.scan(bytes, from: offset)
        column += end - offset  // a number is ASCII, on one line
        offset = end
        switch problem {
        case nil: return start..<end
        case .endOfInput: throw SyntaxError("Unexpected end of file in a number", at: position)
        case .leadingZero: throw SyntaxError("Invalid number: leading zeros are not allowed in JSON", at: startPosition)
        case .digitExpected: throw SyntaxError("Invalid number: a digit was expected", at: position)
        case .fractionDigitExpected: throw SyntaxError("Invalid number: a digit was expected after '.'", at: position)
        case .exponentDigitExpected: throw SyntaxError("Invalid number: a digit was expected in the exponent", at: position)
        }
    }

    /// Reads a string (a value or a key) and appends its entry.
    private mutating func string(as kind: JSONTape.Kind) throws(SyntaxError) {
        let start = position
        advance()  // opening quote
        let runStart = offset
        // Fast path: a run without escapes holds no line break, so only the column moves (one
        // per scalar: per non-continuation byte).
        let run = JSONStringRun.scan(bytes, from: offset)
        column += run.scalars
        offset = run.end
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
            leaf(kind, start: runStart, length: offset - runStart, at: start)
            advance()
            return
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
                tape.decoded.append(String(decoding: scratch, as: UTF8.self))
                leaf(kind, flag: true, start: tape.decoded.count - 1, length: scratch.count, at: start)
                return
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
        if let single = JSONEscaping.unescaped(c) {
            scratch.append(single)
            return
        }
        switch c {
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
            guard let d = JSONEscaping.hexDigit(bytes[offset]) else {
                throw SyntaxError("Invalid \\u escape: four hex digits are required", at: at)
            }
            v = v * 16 + d
            advance()
        }
        return v
    }
}
