/// Byte-level tests on strings, read from their contiguous UTF-8 storage: the generic
/// `String.UTF8View` iterator costs several instructions a byte, and these run for most values.
extension StringProtocol {
    /// True when every UTF-8 byte satisfies `predicate` (true for the empty string). O(n).
    @inlinable
    public func allUTF8Bytes(_ predicate: (UInt8) -> Bool) -> Bool {
        if let result = utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(predicate) }) { return result }
        return utf8.allSatisfy(predicate)
    }

    /// Runs `body` on the UTF-8 bytes: in place when they are contiguous (native strings, nearly
    /// always), else on a copy. O(1), or O(n) for the copy.
    @inlinable
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }

    /// True when some UTF-8 byte satisfies `predicate`. O(n).
    @inlinable
    public func containsUTF8Byte(where predicate: (UInt8) -> Bool) -> Bool {
        !allUTF8Bytes { !predicate($0) }
    }
}
