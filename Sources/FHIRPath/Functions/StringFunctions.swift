import Foundation

extension FHIRPathEvaluator {
    static let stringFunctionNames: Set<String> = [
        "indexOf", "substring", "startsWith", "endsWith", "contains", "upper", "lower", "replace", "matches", "replaceMatches",
        "length", "toChars", "split", "join", "trim", "encode", "decode", "escape", "unescape", "matchesFull",
    ]

    /// indexOf, substring, startsWith, endsWith, contains, upper, lower, replace, matches,
    /// replaceMatches, length, toChars, split, join, trim, encode, decode, escape, unescape.
    func stringFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression]) throws(FHIRPathError) -> [FHIRPathValue]? {
        guard Self.stringFunctionNames.contains(name) else { return nil }
        if name == "join" {
            let separator = try stringSingleton(try argument(arguments, 0)) ?? ""
            return [.string(input.compactMap(\.text).joined(separator: separator))]
        }
        guard let item = try singleton(input) else { return [] }
        guard case .string(let s) = item.systemValue ?? item else {
            throw FHIRPathError(.execution, "\(name)() needs a string input, not \(item.typeName)")
        }
        func arg(_ i: Int) throws(FHIRPathError) -> String? { try stringSingleton(try argument(arguments, i)) }
        switch name {
        case "indexOf":
            guard let sub = try arg(0) else { return [] }
            if sub.isEmpty { return [.integer(0)] }
            guard let range = s.range(of: sub) else { return [.integer(-1)] }
            return [.integer(s.distance(from: s.startIndex, to: range.lowerBound))]
        case "substring":
            guard let start = try integerSingleton(try argument(arguments, 0)) else { return [] }
            let chars = Array(s)
            guard start >= 0, start < chars.count else { return [] }
            let length = arguments.count > 1 ? try integerSingleton(try argument(arguments, 1)) : nil
            let end = length.map { min(chars.count, start + max(0, $0)) } ?? chars.count
            return [.string(String(chars[start..<end]))]
        case "startsWith":
            guard let p = try arg(0) else { return [] }
            return FHIRPathValue.booleanCollection(s.hasPrefix(p))
        case "endsWith":
            guard let p = try arg(0) else { return [] }
            return FHIRPathValue.booleanCollection(s.hasSuffix(p))
        case "contains":
            guard let p = try arg(0) else { return [] }
            return FHIRPathValue.booleanCollection(p.isEmpty || s.contains(p))
        case "upper": return [.string(s.uppercased())]
        case "lower": return [.string(s.lowercased())]
        case "replace":
            guard let pattern = try arg(0), let replacement = try arg(1) else { return [] }
            if pattern.isEmpty {
                return [.string(replacement + s.map { String($0) }.joined(separator: replacement) + (s.isEmpty ? "" : replacement))]
            }
            return [.string(s.replacingOccurrences(of: pattern, with: replacement))]
        case "matches", "matchesFull":
            guard let pattern = try arg(0) else { return [] }
            let anchored = name == "matchesFull" ? "^(?:" + pattern + ")$" : pattern
            let regex = try Self.regex(anchored)
            return FHIRPathValue.booleanCollection(regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil)
        case "replaceMatches":
            guard let pattern = try arg(0), let replacement = try arg(1) else { return [] }
            if pattern.isEmpty { return [.string(s)] }
            let regex = try Self.regex(pattern)
            return [.string(regex.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: replacement))]
        case "length": return [.integer(s.count)]
        case "toChars": return s.map { .string(String($0)) }
        case "split":
            guard let separator = try arg(0) else { return [] }
            return s.components(separatedBy: separator).map { .string($0) }
        case "trim": return [.string(s.trimmingCharacters(in: .whitespacesAndNewlines))]
        case "encode", "decode":
            guard let format = try arg(0) else { return [] }
            return try Self.codec(s, format: format, encode: name == "encode").map { [.string($0)] } ?? []
        case "escape", "unescape":
            guard let format = try arg(0) else { return [] }
            return [.string(Self.escaping(s, format: format, escape: name == "escape"))]
        default:
            return nil
        }
    }

    static func regex(_ pattern: String) throws(FHIRPathError) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        } catch {
            throw FHIRPathError(.execution, "Invalid regular expression '\(pattern)'")
        }
    }

    static func codec(_ s: String, format: String, encode: Bool) throws(FHIRPathError) -> String? {
        switch format {
        case "base64", "urlbase64":
            if encode {
                var out = Data(s.utf8).base64EncodedString()
                if format == "urlbase64" { out = out.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") }
                return out
            }
            var text = format == "urlbase64" ? s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") : s
            while text.count % 4 != 0 { text += "=" }
            return Data(base64Encoded: text).flatMap { String(data: $0, encoding: .utf8) }
        case "hex":
            if encode { return s.utf8.map { String(format: "%02x", $0) }.joined() }
            var bytes: [UInt8] = []
            var chars = Array(s)
            guard chars.count % 2 == 0 else { return nil }
            while !chars.isEmpty {
                guard let b = UInt8(String(chars.prefix(2)), radix: 16) else { return nil }
                bytes.append(b)
                chars.removeFirst(2)
            }
            return String(decoding: bytes, as: UTF8.self)
        default:
            throw FHIRPathError(.execution, "Unknown encoding '\(format)'")
        }
    }

    static func escaping(_ s: String, format: String, escape: Bool) -> String {
        let pairs: [(String, String)] = format == "json"
            ? [("\\", "\\\\"), ("\"", "\\\""), ("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")]
            : [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;")]
        var out = s
        if escape {
            for (raw, escaped) in pairs { out = out.replacingOccurrences(of: raw, with: escaped) }
        } else {
            for (raw, escaped) in pairs.reversed() { out = out.replacingOccurrences(of: escaped, with: raw) }
        }
        return out
    }
}
