import Foundation

/// Detects HTML markup inside plain `string` values, where a receiving system that renders
/// them could execute it (the HL7 validator's security check). Only real tags count
/// (`<script>`, `</b>`, `<img src=…>`): `x < 5` or `<<5>>` are text.
enum EmbeddedHTML {
    static let tags: Set<String> = [
        "a", "abbr", "b", "body", "br", "button", "div", "em", "embed", "form", "frame", "h1", "h2", "h3", "head", "html", "i",
        "iframe", "img", "input", "li", "link", "meta", "object", "ol", "p", "script", "span", "strong", "style", "svg", "table",
        "td", "textarea", "tr", "u", "ul",
    ]

    /// True when the text holds `<tag…>` or `</tag>` for an HTML tag name. O(length).
    static func containsTags(_ text: String) -> Bool {
        text.withUTF8Bytes(containsTags(bytes:))
    }

    /// `containsTags` for a text's UTF-8 bytes. O(length).
    static func containsTags(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most values have no `<` at all: answered by one memchr, without touching anything else.
        guard let base = bytes.baseAddress, memchr(base, Int32(UInt8(ascii: "<")), bytes.count) != nil else { return false }
        return scanForTags(bytes)
    }

    private static func scanForTags(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            defer { i += 1 }
            guard bytes[i] == UInt8(ascii: "<") else { continue }
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "/") { j += 1 }
            let start = j
            while j < bytes.count, (65...90).contains(bytes[j]) || (97...122).contains(bytes[j]) || (48...57).contains(bytes[j]) { j += 1 }
            guard j > start, j < bytes.count, [UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "/"), 9, 10].contains(bytes[j]) else { continue }
            let name = String(decoding: bytes[start..<j], as: UTF8.self).lowercased()
            guard tags.contains(name), bytes[j...].contains(UInt8(ascii: ">")) else { continue }
            return true
        }
        return false
    }
}
