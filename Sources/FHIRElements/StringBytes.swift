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

    /// True when the text starts with `prefix`, compared as bytes (`String.hasPrefix` compares
    /// Unicode-aware, at several times the cost, where the prefixes are ASCII). O(prefix).
    @inlinable
    public func hasBytePrefix(_ prefix: StaticString) -> Bool {
        withUTF8Bytes { bytes in
            let count = prefix.utf8CodeUnitCount
            guard bytes.count >= count else { return false }
            let head = prefix.utf8Start
            for i in 0..<count where bytes[i] != head[i] { return false }
            return true
        }
    }

    /// The offset of the first byte equal to `byte`, or nil (a search by Character walks grapheme
    /// boundaries, at many times the cost). O(n).
    @inlinable
    public func firstUTF8Offset(of byte: UInt8) -> Int? {
        withUTF8Bytes { bytes in bytes.firstIndex(of: byte) }
    }
}
