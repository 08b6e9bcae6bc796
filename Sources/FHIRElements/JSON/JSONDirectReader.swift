import Foundation

/// Reads a FHIR JSON resource straight into an element tree, in one pass over its bytes, when
/// the document is of the common plain form; gives up (returns nil) at the first thing that is
/// not, so that `JSONReader` and `JSONElementBuilder` read it instead and report what they find.
///
/// The plain form: well-formed UTF-8 and JSON, escapes only in values (and valid), no `"_` at all
/// (so no `_name` keys), no
/// `fhir_comments`, no repeated keys, no null and no empty or nested arrays, a non-empty string
/// `resourceType` at the root and a string one in nested resources, narrative XHTML that parses.
/// For such a document the two readers make the same tree and the full one reports nothing;
/// this one skips the token tape and the per-property gathering that the findings need.
struct JSONDirectReader {
    /// The reason a document is left to the full reader (nothing is reported from here).
    private struct NotPlain: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1
    /// Where the current line starts, and the UTF-8 continuation bytes read since then: a column
    /// is the scalars from the line's start (JSON allows non-ASCII bytes only inside strings).
    private var lineStart = 0
    private var lineContinuations = 0
    private var depth = 0
    private var writer: ElementTreeWriter
    /// The keys of the objects being read, innermost last, for the repeated-key test.
    private var keys: [Range<Int>] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>, writer: ElementTreeWriter) {
        self.bytes = bytes
        self.writer = writer
        keys.reserveCapacity(64)  // one allocation a document, not one per doubling
    }

    /// The tree of a plain document, or nil (see the type's summary). Uses the workspace's
    /// writer when given one. O(n) in the input size.
    static func read(_ source: [UInt8], workspace: ParseWorkspace?) -> Element? {
        guard source.count < Int(Int32.max) else { return nil }
        return source.withUnsafeBufferPointer { buffer in
            var reader = JSONDirectReader(buffer, writer: workspace?.takeWriter() ?? ElementTreeWriter())
            let root: Element?
            do throws(NotPlain) {
                root = try reader.document()
            } catch {
                reader.writer.discard()
                root = nil
            }
            workspace?.writer = reader.writer
            return root
        }
    }

    private var position: SourcePosition {
        SourcePosition(line: line, column: offset - lineStart - lineContinuations + 1)
    }

    private mutating func document() throws(NotPlain) -> Element {
        guard UTF8Check.firstInvalid(bytes) == nil, !Self.mayHaveUnderscoreKey(bytes) else { throw NotPlain() }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
            lineStart = 3
        }
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "{") else { throw NotPlain() }
        let start = position
        let root = writer.open()
        guard let type = try members(), !type.isEmpty else { throw NotPlain() }
        skipWhitespace()
        guard offset == bytes.count else { throw NotPlain() }
        writer.close(root, name: type, position: start, resourceType: type, isComplex: true)
        return writer.finish().root
    }

    /// True when a quote is followed by `_` somewhere: a `_name` key, which only the full reader
    /// merges (or, rarely, a string value starting with `_`). Tested before reading, so that such
    /// a document, common in real data, is not read part-way and then again. O(n), `memchr` speed.
    private static func mayHaveUnderscoreKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var from = 1
        while from < bytes.count, let hit = memchr(base + from, Int32(UInt8(ascii: "_")), bytes.count - from) {
            let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if base[index - 1] == UInt8(ascii: "\"") { return true }
            from = index + 1
        }
        return false
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0D: offset += 1
            case 0x0A:
                offset += 1
                line += 1
                lineStart = offset
                lineContinuations = 0
            default: return
            }
        }
    }

    /// Reads an object's members (at its `{`) as children of the open node; returns its
    /// `resourceType`, if it has one.
    private mutating func members() throws(NotPlain) -> String? {
        depth += 1
        guard depth <= JSONReader.maximumDepth else { throw NotPlain() }
        offset += 1
        let mark = keys.count
        defer { while keys.count > mark { keys.removeLast() } }  // one at a time: a range removal takes a generic path
        var resourceType: String?
        // One bit per key length and end bytes: a key whose bit is clear cannot repeat an
        // earlier one, and only a key whose bit is set is compared with the others.
        var seen: UInt64 = 0
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return nil
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw NotPlain() }
            let key = try string()
            guard !key.isEmpty, bytes[key.lowerBound] != UInt8(ascii: "_") else { throw NotPlain() }
            let bit: UInt64 = 1 << ((UInt64(key.count) &+ UInt64(bytes[key.lowerBound]) &* 7 &+ UInt64(bytes[key.upperBound - 1]) &* 13) & 63)
            if seen & bit != 0, isRepeated(key, since: mark) { throw NotPlain() }
            seen |= bit
            keys.append(key)
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw NotPlain() }
            offset += 1
            skipWhitespace()
            guard offset < bytes.count else { throw NotPlain() }
            if key.count == 12, matches(key, "resourceType") {
                guard bytes[offset] == UInt8(ascii: "\"") else { throw NotPlain() }
                resourceType = String(decoding: UnsafeBufferPointer(rebasing: bytes[try string()]), as: UTF8.self)
            } else if key.count == 13, matches(key, "fhir_comments") {
                throw NotPlain()
            } else {
                try property(key)
            }
            if try closes(with: UInt8(ascii: "}")) { return resourceType }
        }
    }

    /// Reads what follows a member or item: true at the container's closing byte (read, and the
    /// container left), false at a comma (read). O(whitespace).
    private mutating func closes(with close: UInt8) throws(NotPlain) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw NotPlain() }
        switch bytes[offset] {
        case UInt8(ascii: ","):
            offset += 1
            return false
        case close:
            offset += 1
            depth -= 1
            return true
        default:
            throw NotPlain()
        }
    }

    /// True when an earlier key of the object being read has the same bytes. O(keys).
    private func isRepeated(_ key: Range<Int>, since mark: Int) -> Bool {
        let base = bytes.baseAddress!
        for earlier in keys[mark...] where earlier.count == key.count
            && memcmp(base + earlier.lowerBound, base + key.lowerBound, key.count) == 0 {
            return true
        }
        return false
    }

    private func matches(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        memcmp(bytes.baseAddress! + range.lowerBound, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    }

    /// Reads a property's value (one, or an array's items) as children of the open node.
    private mutating func property(_ key: Range<Int>) throws(NotPlain) {
        let name = writer.text(UnsafeBufferPointer(rebasing: bytes[key]))  // written once for all of an array's items
        guard bytes[offset] == UInt8(ascii: "[") else {
            try value(name, key: key, shape: .single, arrayIndex: 0)
            return
        }
        depth += 1
        guard depth <= JSONReader.maximumDepth else { throw NotPlain() }
        offset += 1
        var index = 0
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] != UInt8(ascii: "]"), bytes[offset] != UInt8(ascii: "[") else { throw NotPlain() }
            try value(name, key: key, shape: .arrayMember, arrayIndex: index)
            index += 1
            if try closes(with: UInt8(ascii: "]")) { return }
        }
    }

    /// Reads one value (not an array, not null) as a child named `name`.
    private mutating func value(_ name: ElementText, key: Range<Int>, shape: Element.Shape, arrayIndex: Int) throws(NotPlain) {
        let start = position
        let opened = writer.open()
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            let held = try members()
            writer.close(opened, name: name, shape: shape, arrayIndex: arrayIndex, position: start, resourceType: held, isComplex: true)
        case UInt8(ascii: "\""):
            let (range, escaped) = try string(allowingEscapes: true)
            let text: ElementText
            if escaped {
                guard let decoded = JSONEscaping.decode(UnsafeBufferPointer(rebasing: bytes[range])) else { throw NotPlain() }
                text = writer.text(decoded)
            } else {
                text = writer.text(UnsafeBufferPointer(rebasing: bytes[range]))
            }
            var xhtml: XMLNode?
            if key.count == 3, matches(key, "div") {
                guard let parsed = try? XMLReader.parseFragment(Array(writer.bytes(text))) else { throw NotPlain() }
                xhtml = parsed
            }
            writer.close(opened, name: name, value: text, shape: shape, arrayIndex: arrayIndex, position: start, xhtml: xhtml)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let number = try self.number()
            writer.close(opened, name: name, value: writer.text(UnsafeBufferPointer(rebasing: bytes[number])), valueKind: .number, shape: shape, arrayIndex: arrayIndex, position: start)
        case UInt8(ascii: "t"):
            try literal("true")
            writer.close(opened, name: name, value: writer.text(UnsafeBufferPointer(rebasing: bytes[offset - 4..<offset])), valueKind: .boolean, shape: shape, arrayIndex: arrayIndex, position: start)
        case UInt8(ascii: "f"):
            try literal("false")
            writer.close(opened, name: name, value: writer.text(UnsafeBufferPointer(rebasing: bytes[offset - 5..<offset])), valueKind: .boolean, shape: shape, arrayIndex: arrayIndex, position: start)
        default:
            throw NotPlain()
        }
    }

    /// Reads a string without escapes (at its opening quote); returns the range of its content.
    private mutating func string() throws(NotPlain) -> Range<Int> {
        try string(allowingEscapes: false).range
    }

    /// Reads a string (at its opening quote); returns the range of its content as written, and
    /// whether it has escapes (checked when decoded).
    private mutating func string(allowingEscapes: Bool) throws(NotPlain) -> (range: Range<Int>, escaped: Bool) {
        let start = offset + 1
        var end = start
        var nonASCII = false
        var escaped = false
        while true {
            let run = Self.plainRun(bytes, from: end)
            end = run.end
            nonASCII = nonASCII || run.nonASCII
            guard end < bytes.count else { throw NotPlain() }
            if bytes[end] == UInt8(ascii: "\"") { break }
            // A backslash and the byte it escapes are passed together (the four digits of a
            // `\u` escape are plain bytes); a control byte ends the reading.
            guard allowingEscapes, bytes[end] == UInt8(ascii: "\\"), end + 1 < bytes.count else { throw NotPlain() }
            escaped = true
            end += 2
        }
        if nonASCII {
            // Columns count scalars: the continuation bytes of the text do not move them.
            lineContinuations += UnsafeBufferPointer(rebasing: bytes[start..<end]).reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 1 : 0) }
        }
        offset = end + 1
        return (start..<end, escaped)
    }

    /// The offset of the first quote, backslash or control byte at or after `from` (or the end),
    /// and whether a byte before it is not ASCII: `JSONStringRun.endOfPlainRun` and an ASCII test
    /// in one pass of eight-byte words. O(run length).
    @inline(__always)
    private static func plainRun(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (end: Int, nonASCII: Bool) {
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = from
        var seen: UInt64 = 0
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let flagged = JSONStringRun.stops(in: word)
            if flagged != 0 {
                let stop = flagged.trailingZeroBitCount / 8
                let below: UInt64 = stop == 0 ? 0 : ~0 >> (64 - 8 * stop)
                return (i + stop, (seen | (word & below)) & highs != 0)
            }
            seen |= word
            i += 8
        }
        while i < bytes.count, !JSONStringRun.isStop(bytes[i]) {
            seen |= UInt64(bytes[i])
            i += 1
        }
        return (i, seen & highs != 0)
    }

    /// Reads a number by RFC 8259's grammar; returns the range of its text.
    private mutating func number() throws(NotPlain) -> Range<Int> {
        let (end, problem) = JSONNumberSyntax.scan(bytes, from: offset)
        guard problem == nil else { throw NotPlain() }
        defer { offset = end }
        return offset..<end
    }

    private mutating func literal(_ word: StaticString) throws(NotPlain) {
        guard offset + word.utf8CodeUnitCount <= bytes.count,
              memcmp(bytes.baseAddress! + offset, word.utf8Start, word.utf8CodeUnitCount) == 0 else { throw NotPlain() }
        offset += word.utf8CodeUnitCount
    }
}
