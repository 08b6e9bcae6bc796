/// Scans of the plain runs of JSON string content: the bytes that need no escape, as the reader
/// meets them (between escapes) and the writer copies them (between characters it escapes).
enum JSONStringRun {
    /// The offset of the first quote, backslash or control byte at or after `from` (or the end),
    /// eight bytes at a time while none of them is one. O(run length).
    static func endOfPlainRun(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        let raw = UnsafeRawPointer(base)
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // The classic "has a byte less than n" and "has a zero byte" tests: a byte below 0x20,
            // or one equal to '"' or '\\' (zero after the xor), sets its high bit here. Bytes of
            // 0x80 and above never do; a borrow may flag a byte above a real hit, which the byte
            // loop below then settles.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flagged = (((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs
            if flagged != 0 { break }
            i += 8
        }
        while i < bytes.count {
            let b = base[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            i += 1
        }
        return i
    }

    /// The number of Unicode scalars in a run of valid UTF-8: its bytes less its continuation bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var continuation = 0
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            // A continuation byte is 10xxxxxx: bit 7 set and bit 6 (shifted up into bit 7) clear.
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            continuation += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < range.upperBound {
            if base[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return range.count - continuation
    }
}
