/// RFC 8259's number grammar, read from bytes; shared by the JSON readers, which report (or
/// give up at) what it finds.
enum JSONNumberSyntax {
    /// What is wrong with a number, found at the offset `scan` returns (but `leadingZero`, which
    /// is the number's own fault).
    enum Problem: Equatable {
        case endOfInput, leadingZero, digitExpected, fractionDigitExpected, exponentDigitExpected
    }

    /// Where the number starting at `from` (at a `-` or a digit) ends, or where its first
    /// problem is and what. A number is ASCII: the offsets are also column steps. O(length).
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> (end: Int, problem: Problem?) {
        var offset = from
        func digits() -> Int {
            let start = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            return offset - start
        }
        if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        guard offset < bytes.count else { return (offset, .endOfInput) }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { return (offset, .leadingZero) }
        } else if digits() == 0 {
            return (offset, .digitExpected)
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            if digits() == 0 { return (offset, .fractionDigitExpected) }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            if digits() == 0 { return (offset, .exponentDigitExpected) }
        }
        return (offset, nil)
    }
}
