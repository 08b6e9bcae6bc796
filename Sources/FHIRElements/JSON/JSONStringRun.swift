/// Scans of the plain runs of JSON string content: the bytes that need no escape, as the reader
/// meets them (between escapes) and the writer copies them (between characters it escapes).
enum JSONStringRun {
    /// The offset of the first quote, backslash or control byte at or after `from` (or the end),
    /// eight bytes at a time. O(run length).
    static func endOfPlainRun(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        let raw = UnsafeRawPointer(base)
        var i = from
        while i + 8 <= bytes.count {
            let flagged = stops(in: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if flagged != 0 { return i + flagged.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < bytes.count, !isStop(base[i]) { i += 1 }
        return i
    }

    /// True for a byte that ends a plain run: a quote, a backslash or a control byte.
    @inline(__always)
    static func isStop(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20
    }

    /// The bytes of an eight-byte word (little-endian) that end a plain run, as their high bits:
    /// the classic "has a byte less than n" and "has a zero byte" tests, so a byte below 0x20, or
    /// one equal to '"' or '\\' (zero after the xor), sets its high bit. Bytes of 0x80 and above
    /// never do. A borrow can flag bytes above a real hit but never below one, so the lowest flag
    /// is the first stop byte. O(1).
    @inline(__always)
    static func stops(in word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        return (((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & 0x8080_8080_8080_8080
    }

    /// The end of the plain run starting at `from` (as `endOfPlainRun`) and the number of Unicode
    /// scalars in it (its bytes less its UTF-8 continuation bytes), in one pass of eight-byte words.
    /// O(run length).
    @inline(__always)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (end: Int, scalars: Int) {
        guard let base = bytes.baseAddress else { return (from, 0) }
        let raw = UnsafeRawPointer(base)
        var i = from
        var continuation = 0
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let flagged = stops(in: word)
            // A continuation byte is 10xxxxxx: bit 7 set and bit 6 (shifted up into bit 7) clear.
            let continuations = word & ~(word << 1) & highs
            // (Bit counts only for words with continuation bytes: baseline x86-64 has no popcount
            // instruction, and most text is ASCII.)
            if flagged != 0 {
                let stop = flagged.trailingZeroBitCount / 8
                let below: UInt64 = stop == 0 ? 0 : ~0 >> (64 - 8 * stop)
                let tail = continuations & below
                return (i + stop, i + stop - from - continuation - (tail == 0 ? 0 : tail.nonzeroBitCount))
            }
            if continuations != 0 { continuation += continuations.nonzeroBitCount }
            i += 8
        }
        while i < bytes.count, !isStop(base[i]) {
            if base[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return (i, i - from - continuation)
    }
}
