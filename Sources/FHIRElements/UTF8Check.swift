/// Finds the first byte that is not well-formed UTF-8.
enum UTF8Check {
    /// Returns the offset and position of the first ill-formed sequence, or nil. O(n).
    static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> (offset: Int, position: SourcePosition)? {
        var i = 0
        var line = 1
        var column = 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; scalar = UInt32(b & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(b & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(b & 0x07); minimum = 0x10000
            default: return (i, SourcePosition(line: line, column: column))
            }
            if i + length > n { return (i, SourcePosition(line: line, column: column)) }
            for k in 1..<length {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return (i, SourcePosition(line: line, column: column)) }
                scalar = (scalar << 6) | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) {
                return (i, SourcePosition(line: line, column: column))
            }
            _ = minimum
            column += 1
            i += length
        }
        return nil
    }
}

extension StringProtocol {
    /// True when the first character is an ASCII capital (`Patient`, `Quantity`): FHIR type and
    /// element names are ASCII, and this needs no Unicode property lookup. O(1).
    @inlinable
    public var startsWithASCIIUppercase: Bool {
        guard let first = utf8.first else { return false }
        return first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")
    }

    /// True when the first character is an ASCII small letter (`string`, `dateTime`). O(1).
    @inlinable
    public var startsWithASCIILowercase: Bool {
        guard let first = utf8.first else { return false }
        return first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
    }
}

extension String {
    /// Equality for element and type names, which mostly differ: names of different lengths are
    /// told apart without the general comparison (a function call even for short strings).
    @inlinable
    public func isSameName(as other: String) -> Bool {
        utf8.count == other.utf8.count && self == other
    }
}
