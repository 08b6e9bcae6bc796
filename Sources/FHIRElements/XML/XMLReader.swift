/// A small, safe XML 1.0 reader that keeps positions.
///
/// It reads what FHIR uses: elements, attributes, namespaces, text, CDATA,
/// comments, processing instructions and the five predefined entities plus
/// character references. DTDs are refused and no other entity is expanded,
/// so documents cannot reach the network or expand without bound.
public struct XMLReader {
    /// The deepest element nesting accepted.
    public static let maximumDepth = 200

    /// Parses a whole document and returns its root element. O(n).
    public static func parseDocument(_ bytes: [UInt8]) throws(SyntaxError) -> XMLNode {
        try run(bytes) { (r: inout XMLReader) throws(SyntaxError) in try r.document() }
    }

    /// Parses a fragment holding exactly one element (a narrative div). O(n).
    public static func parseFragment(_ bytes: [UInt8]) throws(SyntaxError) -> XMLNode {
        try run(bytes) { (r: inout XMLReader) throws(SyntaxError) in try r.document(prologAllowed: false) }
    }

    private static func run(_ bytes: [UInt8], _ body: (inout XMLReader) throws(SyntaxError) -> XMLNode) throws(SyntaxError) -> XMLNode {
        let result: Result<XMLNode, SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            var reader = XMLReader(buffer)
            do throws(SyntaxError) {
                return .success(try body(&reader))
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

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var position: SourcePosition { SourcePosition(line: line, column: column) }
    private var atEnd: Bool { offset >= bytes.count }

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

    private func peek(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        let p = text.utf8Start
        for i in 0..<n where bytes[offset + i] != p[i] { return false }
        return true
    }

    private mutating func skip(_ count: Int) { for _ in 0..<count { advance() } }

    private mutating func skipWhitespace() {
        while !atEnd, Self.isSpace(bytes[offset]) { advance() }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func document(prologAllowed: Bool = true) throws(SyntaxError) -> XMLNode {
        if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            throw SyntaxError("The XML is UTF-16 encoded; only UTF-8 is supported", at: position)
        }
        if let bad = UTF8Check.firstInvalid(bytes) {
            throw SyntaxError("The content is not valid UTF-8 (byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)))", at: bad.position)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
        try misc()
        guard !atEnd, bytes[offset] == UInt8(ascii: "<") else {
            throw SyntaxError(atEnd ? "The document is empty: no root element found" : "Content is not allowed in prolog", at: position)
        }
        let root = try element(namespaces: [:])
        try misc()
        if !atEnd { throw SyntaxError("Content is not allowed after the root element", at: position) }
        return root
    }

    /// Whitespace, comments and processing instructions outside the root.
    private mutating func misc() throws(SyntaxError) {
        while true {
            skipWhitespace()
            if peek("<?") {
                try processingInstruction()
            } else if peek("<!--") {
                _ = try comment()
            } else if peek("<!DOCTYPE") || peek("<!doctype") {
                throw SyntaxError("DOCTYPE is disallowed: DTDs and entity declarations are not processed", at: position)
            } else {
                return
            }
        }
    }

    private mutating func processingInstruction() throws(SyntaxError) {
        let start = position
        skip(2)
        while !atEnd {
            if peek("?>") { skip(2); return }
            advance()
        }
        throw SyntaxError("Unterminated processing instruction", at: start)
    }

    private mutating func comment() throws(SyntaxError) -> XMLNode {
        let start = position
        skip(4)
        let from = offset
        while !atEnd {
            if peek("-->") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<offset]), as: UTF8.self)
                skip(3)
                return XMLNode(kind: .comment, text: text, position: start)
            }
            advance()
        }
        throw SyntaxError("Unterminated comment", at: start)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "-"), UInt8(ascii: "."), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    private mutating func name() throws(SyntaxError) -> String {
        let from = offset
        while !atEnd, Self.isNameByte(bytes[offset]) { advance() }
        guard offset > from else {
            throw SyntaxError("A name was expected but found \(describeCurrent())", at: position)
        }
        let first = bytes[from]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) {
            throw SyntaxError("A name cannot start with '\(Character(Unicode.Scalar(first)))'", at: position)
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<offset]), as: UTF8.self)
    }

    private func describeCurrent() -> String {
        guard !atEnd else { return "end of file" }
        let b = bytes[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    private mutating func element(namespaces inherited: [String: String]) throws(SyntaxError) -> XMLNode {
        let start = position
        depth += 1
        if depth > Self.maximumDepth {
            throw SyntaxError("The XML is nested more than \(Self.maximumDepth) levels deep", at: start)
        }
        advance()  // <
        let qualifiedName = try name()
        var attributes: [XMLNode.Attribute] = []
        var selfClosing = false
        while true {
            let hadSpace = !atEnd && Self.isSpace(bytes[offset])
            skipWhitespace()
            guard !atEnd else { throw SyntaxError("Unexpected end of file in the start tag of '\(qualifiedName)'", at: start) }
            if peek("/>") { skip(2); selfClosing = true; break }
            if bytes[offset] == UInt8(ascii: ">") { advance(); break }
            if !hadSpace { throw SyntaxError("Whitespace is required between attributes", at: position) }
            let attributePosition = position
            let attributeName = try name()
            skipWhitespace()
            guard !atEnd, bytes[offset] == UInt8(ascii: "=") else {
                throw SyntaxError("Attribute '\(attributeName)' must be followed by '='", at: position)
            }
            advance()
            skipWhitespace()
            let value = try attributeValue()
            if attributes.contains(where: { $0.name == attributeName }) {
                throw SyntaxError("Attribute '\(attributeName)' appears more than once", at: attributePosition)
            }
            attributes.append(XMLNode.Attribute(name: attributeName, value: value, position: attributePosition))
        }
        var namespaces = inherited
        for a in attributes {
            if a.name == "xmlns" { namespaces[""] = a.value }
            else if a.name.hasPrefix("xmlns:") { namespaces[String(a.name.dropFirst(6))] = a.value }
        }
        let (prefix, local) = Self.split(qualifiedName)
        let namespace: String?
        if let prefix {
            guard let uri = namespaces[prefix] else {
                throw SyntaxError("The namespace prefix '\(prefix)' is not declared", at: start)
            }
            namespace = uri
        } else {
            namespace = namespaces[""].flatMap { $0.isEmpty ? nil : $0 }
        }
        let node = XMLNode(kind: .element, name: local, namespace: namespace, attributes: attributes, position: start)
        if !selfClosing {
            node.children = try content(of: qualifiedName, namespaces: namespaces)
        }
        depth -= 1
        return node
    }

    private static func split(_ qualified: String) -> (String?, String) {
        guard let colon = qualified.firstIndex(of: ":") else { return (nil, qualified) }
        return (String(qualified[..<colon]), String(qualified[qualified.index(after: colon)...]))
    }

    private mutating func attributeValue() throws(SyntaxError) -> String {
        guard !atEnd, bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'") else {
            throw SyntaxError("An attribute value must be quoted", at: position)
        }
        let quote = bytes[offset]
        let start = position
        advance()
        var scratch: [UInt8] = []
        while !atEnd {
            let b = bytes[offset]
            if b == quote { advance(); return String(decoding: scratch, as: UTF8.self) }
            if b == UInt8(ascii: "<") { throw SyntaxError("'<' is not allowed in an attribute value", at: position) }
            if b == UInt8(ascii: "&") {
                try reference(into: &scratch)
            } else {
                // Attribute-value normalization: whitespace characters become spaces.
                scratch.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b)
                advance()
            }
        }
        throw SyntaxError("Unterminated attribute value", at: start)
    }

    private mutating func reference(into scratch: inout [UInt8]) throws(SyntaxError) {
        let start = position
        advance()  // &
        let from = offset
        while !atEnd, bytes[offset] != UInt8(ascii: ";") {
            if offset - from > 12 { break }
            advance()
        }
        guard !atEnd, bytes[offset] == UInt8(ascii: ";") else {
            throw SyntaxError("An entity reference must end with ';'", at: start)
        }
        let entity = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<offset]), as: UTF8.self)
        advance()
        switch entity {
        case "lt": scratch.append(UInt8(ascii: "<"))
        case "gt": scratch.append(UInt8(ascii: ">"))
        case "amp": scratch.append(UInt8(ascii: "&"))
        case "quot": scratch.append(UInt8(ascii: "\""))
        case "apos": scratch.append(UInt8(ascii: "'"))
        default:
            var scalar: UInt32?
            if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16) }
            else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst(1), radix: 10) }
            else { throw SyntaxError("The entity '&\(entity);' is not defined (only XML's predefined entities are allowed)", at: start) }
            guard let s = scalar, let u = Unicode.Scalar(s), s != 0 else {
                throw SyntaxError("Invalid character reference '&\(entity);'", at: start)
            }
            scratch.append(contentsOf: String(Character(u)).utf8)
        }
    }

    private mutating func content(of qualifiedName: String, namespaces: [String: String]) throws(SyntaxError) -> [XMLNode] {
        var children: [XMLNode] = []
        var text: [UInt8] = []
        var textStart = position
        func flush(_ children: inout [XMLNode], _ text: inout [UInt8], _ at: SourcePosition) {
            if !text.isEmpty {
                children.append(XMLNode(kind: .text, text: String(decoding: text, as: UTF8.self), position: at))
                text.removeAll(keepingCapacity: true)
            }
        }
        while true {
            guard !atEnd else { throw SyntaxError("Unexpected end of file: the element '\(qualifiedName)' is not closed", at: position) }
            let b = bytes[offset]
            if b == UInt8(ascii: "<") {
                if peek("</") {
                    flush(&children, &text, textStart)
                    let closePosition = position
                    skip(2)
                    let closing = try name()
                    skipWhitespace()
                    guard !atEnd, bytes[offset] == UInt8(ascii: ">") else {
                        throw SyntaxError("'>' was expected to end the close tag of '\(closing)'", at: position)
                    }
                    advance()
                    guard closing == qualifiedName else {
                        throw SyntaxError("The element '\(qualifiedName)' must be closed by '</\(qualifiedName)>', found '</\(closing)>'", at: closePosition)
                    }
                    return children
                } else if peek("<!--") {
                    flush(&children, &text, textStart)
                    children.append(try comment())
                } else if peek("<![CDATA[") {
                    if text.isEmpty { textStart = position }
                    let start = position
                    skip(9)
                    var closed = false
                    while !atEnd {
                        if peek("]]>") { skip(3); closed = true; break }
                        text.append(bytes[offset])
                        advance()
                    }
                    if !closed { throw SyntaxError("Unterminated CDATA section", at: start) }
                } else if peek("<?") {
                    try processingInstruction()
                } else if peek("<!") {
                    throw SyntaxError("Markup declarations are not allowed inside elements", at: position)
                } else {
                    flush(&children, &text, textStart)
                    children.append(try element(namespaces: namespaces))
                }
            } else {
                if text.isEmpty { textStart = position }
                if b == UInt8(ascii: "&") {
                    try reference(into: &text)
                } else {
                    text.append(b)
                    advance()
                }
            }
        }
    }
}
