import FHIRElements

/// The lexical rules of FHIR R4 primitive values (http://hl7.org/fhir/R4/datatypes.html).
///
/// Each check is hand-written rather than a regex so that validation compiles
/// nothing at run time; each runs in O(length of the value).
enum PrimitiveFormat {
    /// The largest string FHIR allows (1 MB).
    static let maximumStringBytes = 1_048_576

    /// Why the value is not a valid lexical form of the type, or nil when it is.
    static func problem(_ value: String, as type: PrimitiveType) -> String? {
        switch type {
        case .boolean:
            return value == "true" || value == "false" ? nil : "Not a valid boolean value: '\(value)' (must be 'true' or 'false')"
        case .integer:
            guard isInteger(value, allowSign: true), let n = Int64(value) else { return "The value '\(value)' is not a valid integer" }
            return n < Int64(Int32.min) || n > Int64(Int32.max) ? "The value '\(value)' is outside the range of a 32-bit integer" : nil
        case .integer64:
            return isInteger(value, allowSign: true) && Int64(value) != nil ? nil : "The value '\(value)' is not a valid integer64"
        case .positiveInt:
            guard isInteger(value, allowSign: false), let n = Int64(value) else { return "The value '\(value)' is not a valid positiveInt" }
            return n < 1 ? "The value '\(value)' must be 1 or more (positiveInt)" : n > Int64(Int32.max) ? "The value '\(value)' is outside the range of positiveInt" : nil
        case .unsignedInt:
            guard isInteger(value, allowSign: false), let n = Int64(value) else { return "The value '\(value)' is not a valid unsignedInt" }
            return n > Int64(Int32.max) ? "The value '\(value)' is outside the range of unsignedInt" : nil
        case .decimal:
            return isDecimal(value) ? nil : "The value '\(value)' is not a valid decimal"
        case .string, .markdown:
            if value.utf8.count > maximumStringBytes { return "The string is longer than 1 MB (\(value.utf8.count) bytes)" }
            return value.isEmpty ? "@value cannot be empty" : nil
        case .code:
            return isCode(value) ? nil : "The code '\(value)' is not valid (no leading, trailing or repeated whitespace allowed, and it cannot be empty)"
        case .id:
            return isID(value) ? nil : "Invalid id '\(value)': ids are 1 to 64 characters of A-Z, a-z, 0-9, '-' and '.'"
        case .uri, .url, .canonical:
            if value.isEmpty { return "@value cannot be empty" }
            if value.containsUTF8Byte(where: isWhitespace) {
                return "URI values cannot have whitespace ('\(value)')"
            }
            if value.hasBytePrefix("urn:oid:") { return problem(value, as: .oid).map { _ in "The OID '\(value)' is not valid" } }
            if value.hasBytePrefix("urn:uuid:") { return problem(value, as: .uuid) }
            return nil
        case .oid:
            return isOID(value) ? nil : "The OID '\(value)' is not valid (must be urn:oid: followed by a dotted number)"
        case .uuid:
            return isUUID(value) ? nil : "UUIDs must be valid and lowercase (\(value))"
        case .base64Binary:
            return isBase64(value) ? nil : "The value '\(value.prefix(60))' is not a valid Base64 value"
        case .date:
            return TemporalFormat.check(value, allowed: .date) ? nil : "Not a valid date format: '\(value)'"
        case .dateTime:
            return TemporalFormat.check(value, allowed: .dateTime) ? nil : "Not a valid date/time format: '\(value)'"
        case .instant:
            return TemporalFormat.check(value, allowed: .instant) ? nil : "Not a valid instant format: '\(value)' (must be a full date and time with seconds and a time zone)"
        case .time:
            return TemporalFormat.isTime(Array(value.utf8)) ? nil : "Not a valid time format: '\(value)'"
        case .xhtml:
            return nil
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// The whitespace a URI must not hold: space, tab, line feed, carriage return.
    private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// True when a value, as UTF-8 bytes, is plainly of the type's form: `problem` would find
    /// nothing, and no other check of a primitive value (a relative canonical, HTML in a
    /// string) applies. False means only "not decided here": the value is then read as a
    /// String and checked in full. Most values of an instance are decided here, without
    /// making a String of them. O(length).
    static func isPlainlyValid(_ bytes: UnsafeBufferPointer<UInt8>, as type: PrimitiveType) -> Bool {
        guard !bytes.isEmpty else { return false }
        switch type {
        case .string:
            return bytes.count <= maximumStringBytes && !EmbeddedHTML.containsTags(bytes: bytes)
        case .markdown:
            return bytes.count <= maximumStringBytes
        case .code:
            return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        case .id:
            return isID(bytes: bytes)
        case .uri, .url:
            // Not an OID or UUID URN (checked in full), no whitespace.
            return bytes[0] != UInt8(ascii: "u") && !bytes.contains(where: isWhitespace)
        case .decimal:
            return isDecimal(bytes: bytes)
        case .boolean:
            return bytes.elementsEqual("true".utf8) || bytes.elementsEqual("false".utf8)
        case .date:
            return TemporalFormat.check(bytes, allowed: .date)
        case .dateTime:
            return TemporalFormat.check(bytes, allowed: .dateTime)
        case .instant:
            return TemporalFormat.check(bytes, allowed: .instant)
        default:
            return false
        }
    }

    static func isInteger(_ v: String, allowSign: Bool) -> Bool {
        var bytes = Substring(v).utf8[...]
        if allowSign, bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        else if !allowSign, bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard let first = bytes.first, bytes.allSatisfy(isDigit) else { return false }
        return !(first == UInt8(ascii: "0") && bytes.count > 1)
    }

    static func isDecimal(_ v: String) -> Bool {
        v.withUTF8Bytes(isDecimal(bytes:))
    }

    static func isDecimal(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        if i == intStart { return false }
        if b[intStart] == UInt8(ascii: "0") && i - intStart > 1 { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            if i == fraction { return false }
        }
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            let exponent = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            if i == exponent { return false }
        }
        return i == b.count
    }

    static func isCode(_ v: String) -> Bool {
        guard !v.isEmpty else { return false }
        // Printable ASCII without spaces (most codes) is a code as it stands.
        if v.allUTF8Bytes({ $0 > 0x20 && $0 < 0x7F }) { return true }
        var previousSpace = true
        for s in v.unicodeScalars {
            // Printable ASCII other than the space is never whitespace: skip the Unicode property lookup.
            let space = s.value > 0x20 && s.value < 0x7F ? false : s.properties.isWhitespace
            if space && previousSpace { return false }
            if space && s != " " { return false }
            previousSpace = space
        }
        return !previousSpace
    }

    /// 1 to 64 of A–Z, a–z, 0–9, '-' and '.'. O(length): every resource's id is checked.
    static func isID<S: StringProtocol>(_ v: S) -> Bool {
        v.withUTF8Bytes(isID(bytes:))
    }

    static func isID(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 0, bytes.count <= 64 else { return false }
        // Without a branch per byte: ids (often UUIDs) mix digits and letters at random, which
        // a branch on the byte's range would mispredict about every other byte.
        var allowed: UInt64 = 1
        for byte in bytes { allowed &= idByteBit(byte) }
        return allowed != 0
    }

    /// The bytes allowed in an id, one bit each: '-', '.' and 0–9 in the first word (bytes
    /// below 64), A–Z and a–z in the second (bytes 64 to 127).
    private static let idByteMask: (UInt64, UInt64) = (
        (1 << 0x2D) | (1 << 0x2E) | (((1 << 10) - 1) << 0x30),
        (((1 << 26) - 1) << (0x41 - 64)) | (((1 << 26) - 1) << (0x61 - 64))
    )

    /// 1 when a byte is allowed in an id, else 0. The mask word is chosen by arithmetic (x &- 1
    /// has its top bit set only for x = 0; non-ASCII bytes select neither word), not by a branch.
    @inline(__always)
    private static func idByteBit(_ byte: UInt8) -> UInt64 {
        let word = UInt64(byte >> 6)
        let first = 0 &- ((word &- 1) >> 63), second = 0 &- (((word ^ 1) &- 1) >> 63)
        let mask = (idByteMask.0 & first) | (idByteMask.1 & second)
        return (mask >> UInt64(byte & 63)) & 1
    }

    static func isOID(_ v: String) -> Bool {
        guard v.hasPrefix("urn:oid:") else { return false }
        let parts = v.dropFirst(8).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let first = parts.first, ["0", "1", "2"].contains(first) else { return false }
        return parts.dropFirst().allSatisfy { p in
            !p.isEmpty && p.allUTF8Bytes(isDigit) && !(p.first == "0" && p.count > 1)
        }
    }

    static func isUUID(_ v: String) -> Bool {
        guard v.hasPrefix("urn:uuid:") else { return false }
        let b = Array(v.utf8.dropFirst(9))
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if !(isDigit(c) || (c >= 0x61 && c <= 0x66)) {
                return false
            }
        }
        return true
    }

    static func isBase64(_ v: String) -> Bool { base64DecodedLength(v) != nil }

    /// The number of bytes base64 text decodes to, or nil when it is not valid base64
    /// (whitespace is ignored; padding only at the end). O(length).
    static func base64DecodedLength(_ v: String) -> Int? {
        var count = 0
        var padding = 0
        for b in v.utf8 {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D: continue
            case UInt8(ascii: "="): padding += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 { return nil }
            default:
                return nil
            }
            count += 1
        }
        guard count % 4 == 0, padding <= 2 else { return nil }
        return count / 4 * 3 - padding
    }
}
