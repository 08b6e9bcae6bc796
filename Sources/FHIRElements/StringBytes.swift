/// Byte-level tests on strings, read from their contiguous UTF-8 storage: the generic
/// `String.UTF8View` iterator costs several instructions a byte, and these run for most values.
extension StringProtocol {
    /// True when every UTF-8 byte satisfies `predicate` (true for the empty string). O(n).
    @inlinable
    public func allUTF8Bytes(_ predicate: (UInt8) -> Bool) -> Bool {
        if let result = utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(predicate) }) { return result }
        return utf8.allSatisfy(predicate)
    }

    /// True when some UTF-8 byte satisfies `predicate`. O(n).
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        !allUTF8Bytes { !predicate($0) }
    }
}
