import Foundation

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
    /// the prefix followed by a capital. O(prefix); the bytes test, on contiguous bytes.
    @inlinable
    public func isTypedChoiceName(of prefix: String) -> Bool {
        withUTF8Bytes { name in prefix.withUTF8Bytes { name.isTypedChoiceName(of: $0) } }
    }
}

/// Name tests on an element's own bytes, without making its name a String.
extension Element {
    /// True when the element's name is `name` or, for a choice, one of its typed forms (`value`,
    /// or `valueQuantity` for `value`). O(name).
    @inlinable
    public func hasNameOrTypedChoiceName(of name: String) -> Bool {
        let mine = nameBytes
        return name.withUTF8Bytes { mine.isNameOrTypedChoiceName(of: $0) }
    }

    /// True when the element's name is a typed form of the choice `prefix` (`valueQuantity` of
    /// `value`). O(prefix).
    @inlinable
    public func hasTypedChoiceName(of prefix: String) -> Bool {
        let mine = nameBytes
        return prefix.withUTF8Bytes { mine.isTypedChoiceName(of: $0) }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// True when these bytes are `prefix` followed by an ASCII capital and more (a typed choice
    /// name). O(prefix).
    /// Most names differ from the prefix in their first byte: told apart before anything else
    /// (and an empty prefix is no choice's).
    @inlinable @usableFromInline
    package func isTypedChoiceName(of prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count > prefix.count, let head = prefix.first, first == head, let base = baseAddress else { return false }
        let next = base[prefix.count]
        guard next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z") else { return false }
        return memcmp(base, prefix.baseAddress!, prefix.count) == 0
    }

    /// True when these bytes are the name `name` or, for a choice, one of its typed forms
    /// (`value`, or `valueQuantity` for `value`); most names are told apart by their first byte.
    /// O(name).
    @inlinable
    package func isNameOrTypedChoiceName(of name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = name.first, self.first == first else { return false }
        return ElementText.equal(self, name) || isTypedChoiceName(of: name)
    }

    /// True when two runs of bytes are equal. O(length).
    @inlinable
    package func isSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        ElementText.equal(self, other)
    }

    /// True when these bytes are the UTF-8 of `text`. O(length).
    @inlinable @usableFromInline
    package func isText(_ text: String) -> Bool {
        guard count == text.utf8.count else { return false }
        return text.withUTF8Bytes { ElementText.equal(self, $0) }
    }
}
