/// Tests on FHIR element and type names, which are ASCII: no Unicode property lookups.
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

    /// True when this name is `name` or, for a choice, one of its typed forms (`value`, or
    /// `valueQuantity` for `value`). Names with another first byte (most) are told apart first. O(name).
    @inlinable
    public func isNameOrTypedChoiceName(of name: String) -> Bool {
        guard utf8.first == name.utf8.first else { return false }
        return isSameName(as: name) || isTypedChoiceName(of: name)
    }

    /// True when this name is a typed form of the choice `prefix` (`valueQuantity` of `value`):
    /// the prefix followed by a capital. O(prefix); the capital is tested first, on contiguous bytes.
    @inlinable
    public func isTypedChoiceName(of prefix: String) -> Bool {
        let length = prefix.utf8.count
        // Most names differ from the prefix in their first byte: told apart before anything else.
        guard utf8.count > length, utf8.first == prefix.utf8.first else { return false }
        let answer = utf8.withContiguousStorageIfAvailable { name -> Bool? in
            let next = name[length]
            guard next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z") else { return false }
            return prefix.utf8.withContiguousStorageIfAvailable { head in
                head.elementsEqual(UnsafeBufferPointer(rebasing: name[..<length]))
            }
        }
        if let answer, let known = answer { return known }
        let name = utf8, head = prefix.utf8
        guard name.starts(with: head) else { return false }
        let next = name[name.index(name.startIndex, offsetBy: length)]
        return next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z")
    }
}
