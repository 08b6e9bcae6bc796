/// JSON string literals written as UTF-8 bytes, with the escapes JSON requires.
public enum JSONEscaping {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string literal. O(length); no per-character allocation.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(34)
        for byte in s.utf8 {
            switch byte {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 10: out += [92, 110]
            case 13: out += [92, 114]
            case 9: out += [92, 116]
            case 0..<32: out += [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(34)
    }
}
