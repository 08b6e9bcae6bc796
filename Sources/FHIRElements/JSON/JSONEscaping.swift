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
