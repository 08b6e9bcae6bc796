import FHIRElements

/// A streaming reader of record-oriented XML (the NHSBSA dm+d files): reports every element whose
/// children are leaf text elements, as its name, its parent's name and its fields.
///
/// It keeps one record at a time, so memory does not grow with the file. It understands what
/// those files contain: a declaration, comments, elements with attributes, text with the five
/// predefined entities and numeric character references. Anything else is a syntax error with
/// its line and column.
struct RecordXMLScanner {
    struct Record {
        var name: String
        var parent: String
        var fields: [String: String]
    }

    let file: String

    /// Scans the bytes and calls `body` for each record. O(file size).
    /// - Throws: `OperationalError.invalidResource` naming the file, line and column of bad XML.
    func scan(_ bytes: [UInt8], _ body: (Record) throws(OperationalError) -> Void) throws(OperationalError) {
        var stack: [String] = []
        var fields: [String: String] = [:]
        var text: [UInt8] = []
        // The element opened last, while no child element has opened inside it.
        var pendingLeaf: String?
        var i = 0
        var line = 1, lineStart = 0
        func fail(_ message: String) -> OperationalError {
            OperationalError(.invalidResource, path: file, "line \(line), column \(i - lineStart + 1): \(message)")
        }
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b != UInt8(ascii: "<") {
                if b == 10 { line += 1; lineStart = i + 1 }
                text.append(b)
                i += 1
                continue
            }
            guard i + 1 < n else { throw fail("unexpected end of file") }
            let next = bytes[i + 1]
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                let terminator: [UInt8] = next == UInt8(ascii: "?") ? Array("?>".utf8) : (i + 3 < n && bytes[i + 2] == 45 ? Array("-->".utf8) : Array(">".utf8))
                guard let end = Self.find(terminator, in: bytes, from: i + 2) else { throw fail("unterminated markup") }
                for k in i..<end where bytes[k] == 10 { line += 1; lineStart = k + 1 }
                i = end + terminator.count
                continue
            }
            guard let close = Self.find([UInt8(ascii: ">")], in: bytes, from: i + 1) else { throw fail("unterminated tag") }
            let isEnd = next == UInt8(ascii: "/")
            let selfClosing = bytes[close - 1] == UInt8(ascii: "/")
            var nameEnd = i + (isEnd ? 2 : 1)
            let nameStart = nameEnd
            while nameEnd < close, !Self.isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            guard !name.isEmpty else { throw fail("a tag without a name") }
            if isEnd {
                guard stack.last == name else { throw fail("</\(name)> does not close <\(stack.last ?? "")>") }
                stack.removeLast()
                if pendingLeaf == name {
                    fields[name] = try decode(text, fail: fail)
                } else if !fields.isEmpty {
                    try body(Record(name: name, parent: stack.last ?? "", fields: fields))
                    fields = [:]
                }
                pendingLeaf = nil
            } else if selfClosing {
                fields[name] = ""
                pendingLeaf = nil
            } else {
                stack.append(name)
                pendingLeaf = name
            }
            text.removeAll(keepingCapacity: true)
            for k in i..<close where bytes[k] == 10 { line += 1; lineStart = k + 1 }
            i = close + 1
        }
        guard stack.isEmpty else { throw fail("unexpected end of file inside <\(stack.last!)>") }
    }


    private func decode(_ text: [UInt8], fail: (String) -> OperationalError) throws(OperationalError) -> String {
        let raw = String(decoding: text, as: UTF8.self)
        guard raw.contains("&") else { return raw }
        var result = ""
        var rest = Substring(raw)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { throw fail("an '&' that starts no entity") }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                guard let number, let scalar = Unicode.Scalar(number) else { throw fail("unknown entity '&\(entity);'") }
                result.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return result + rest
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == needle[0] {
                var k = 1
                while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
