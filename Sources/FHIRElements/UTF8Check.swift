/// Finds the first byte that is not well-formed UTF-8.
enum UTF8Check {
    /// Returns the offset and position of the first ill-formed sequence, or nil. O(n).
    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, position: SourcePosition)? {
        guard let offset = firstInvalidOffset(bytes) else { return nil }
        return (offset, position(of: offset, in: bytes))
    }

    /// The offset of the first ill-formed sequence. ASCII runs are skipped eight bytes at a time;
    /// positions are worked out only when there is something to report.
    private static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { return nil }
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
            default: return i
            }
            if i + length > n { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return i }
                scalar = (scalar << 6) | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }

    /// The line and column (in scalars, the prefix being well-formed) of an offset. O(offset).
    private static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var line = 1
        var column = 1
        for b in UnsafeBufferPointer(rebasing: bytes[..<offset]) {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }
}
