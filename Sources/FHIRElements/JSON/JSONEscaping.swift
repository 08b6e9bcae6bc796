/// JSON string literals written as UTF-8 bytes, with the escapes JSON requires.
public enum JSONEscaping {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string literal. O(length); runs without escapes are copied
    /// whole, and nothing is allocated per character.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        s.withUTF8Bytes { appendQuoted(bytes: $0, to: &out) }  // read in place: a report writes several per finding
    }

    private static func appendQuoted(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(34)
        var start = 0
        while start < bytes.count {
            // Runs without a quote, backslash or control byte are copied whole.
            let end = JSONStringRun.endOfPlainRun(bytes, from: start)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            guard end < bytes.count else { break }
            let byte = bytes[end]
            switch byte {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(110)
            case 13: out.append(92); out.append(114)
            case 9: out.append(92); out.append(116)
            default:  // \u00XX
                out.append(92); out.append(117); out.append(48); out.append(48)
                out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
            }
            start = end + 1
        }
        out.append(34)
    }

    /// The text of a JSON string's content as written (between its quotes), its escapes
    /// decoded; nil when an escape is not one RFC 8259 defines (or pairs surrogates wrongly).
    /// `JSONReader` reports such escapes; this is for readers that leave them to it. O(length).
    static func decode(_ content: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var i = 0
        while i < content.count {
            let byte = content[i]
            i += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard i < content.count else { return nil }
            let escaped = content[i]
            i += 1
            if let single = unescaped(escaped) {
                out.append(single)
                continue
            }
            switch escaped {
            case UInt8(ascii: "u"):
                guard var scalar = hexQuad(content, at: i) else { return nil }
                i += 4
                if (0xDC00...0xDFFF).contains(scalar) { return nil }
                if (0xD800...0xDBFF).contains(scalar) {
                    // A high surrogate is followed by `\u` and a low one.
                    guard i + 1 < content.count, content[i] == UInt8(ascii: "\\"), content[i + 1] == UInt8(ascii: "u"),
                          let low = hexQuad(content, at: i + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { return nil }
                UTF8.encode(unicode) { out.append($0) }
            default:
                return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The byte a one-character escape stands for (`n` → line feed), or nil (`u` and the bytes
    /// RFC 8259 defines no escape for). O(1).
    static func unescaped(_ escaped: UInt8) -> UInt8? {
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return escaped
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// The value of four hex digits at `index`, or nil. O(1).
    private static func hexQuad(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = hexDigit(byte) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    /// The value of a hex digit (either case), or nil. O(1).
    static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    /// Appends a decimal integer, without making a String. O(digits).
    public static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // Digits are found least significant first (divisions by the constant 10), then written in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 {
                count -= 1
                out.append(digits[count])
            }
        }
    }
}
