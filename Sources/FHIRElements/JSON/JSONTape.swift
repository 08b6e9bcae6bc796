/// A JSON document as one flat array of tokens in document order, with source positions.
///
/// The reader writes the whole document into one array instead of a tree of nodes, so reading
/// allocates no array per object or array and copies no nested values. An object's entry is
/// followed by its members, each a `key` entry and the value's entries; an array's entry by its
/// items. Every entry knows the index just past its last descendant (`end`), so a reader skips
/// a value in O(1). Texts stay in the source bytes until asked for; strings with escapes are
/// decoded once into `decoded`.
public struct JSONTape: Sendable {
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, bool, null, key
    }

    public struct Entry: Sendable {
        public var kind: Kind
        /// For `bool`: the value. For `string`/`key`: the text had escapes and lives in `decoded`.
        /// For `object`: some key starts with `_` (a primitive's id or extensions).
        var flag: Bool
        /// The text's byte offset in the source, or its index in `decoded` when escaped.
        var start: Int32
        /// The text's length in bytes (strings, keys, numbers); the member or item count (objects, arrays).
        var length: Int32
        /// The index just past this entry's last descendant.
        public var end: Int32
        public var position: SourcePosition
    }

    /// The source document (kept, not copied: texts are read from it on demand).
    public let bytes: [UInt8]
    public internal(set) var entries: [Entry] = []
    var decoded: [String] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The number of members of an object or items of an array. O(1).
    public func count(_ index: Int) -> Int { Int(entries[index].length) }

    /// The index of the entry after the value at `index` and all its descendants. O(1).
    @inline(__always) public func next(_ index: Int) -> Int { Int(entries[index].end) }

    /// The text of a string, key or number entry. O(length).
    public func text(_ index: Int) -> String {
        bytes.withUnsafeBufferPointer { text(index, in: $0) }
    }

    /// `text(_:)` read from `buffer`, the document's bytes (a builder holds them while it runs,
    /// rather than going through the array, a retain and release of it, per text). O(length).
    func text(_ index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        let entry = entries[index]
        if entry.flag && entry.kind != .bool { return decoded[Int(entry.start)] }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(entry.start)..<Int(entry.start + entry.length)]), as: UTF8.self)
    }

    /// True when a string or key entry's text is `literal`, compared byte by byte. O(length).
    public func text(_ index: Int, is literal: StaticString) -> Bool {
        bytes.withUnsafeBufferPointer { text(index, is: literal, in: $0) }
    }

    /// `text(_:is:)` read from `buffer`, the document's bytes. O(length).
    func text(_ index: Int, is literal: StaticString, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let entry = entries[index]
        if entry.flag { return decoded[Int(entry.start)] == literal.description }
        guard Int(entry.length) == literal.utf8CodeUnitCount else { return false }
        return memcmpEqual(buffer.baseAddress! + Int(entry.start), literal.utf8Start, Int(entry.length))
    }

    /// The `bool` entry's value.
    public func boolValue(_ index: Int) -> Bool { entries[index].flag }

    /// True when an object has a key written `_name`. O(1).
    public func hasUnderscoreKey(_ object: Int) -> Bool { entries[object].flag }

    /// True when two key entries have the same text, compared byte by byte. O(length).
    public func sameKey(_ a: Int, _ b: Int) -> Bool {
        bytes.withUnsafeBufferPointer { sameKey(a, b, in: $0) }
    }

    /// `sameKey` read from `buffer`, the document's bytes. O(length).
    func sameKey(_ a: Int, _ b: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let x = entries[a], y = entries[b]
        if x.flag || y.flag { return text(a, in: buffer) == text(b, in: buffer) }
        guard x.length == y.length else { return false }
        return memcmpEqual(buffer.baseAddress! + Int(x.start), buffer.baseAddress! + Int(y.start), Int(x.length))
    }

    /// The key index of an object's first member whose key satisfies `predicate` (its value is
    /// the next entry), or nil. O(members).
    public func firstMember(of object: Int, where predicate: (Int) -> Bool) -> Int? {
        var key = object + 1
        let end = next(object)
        while key < end {
            if predicate(key) { return key }
            key = next(key + 1)
        }
        return nil
    }

    /// The value entries of an object's members, as (key index, value index) pairs, in order.
    public func members(of object: Int) -> MemberSequence { MemberSequence(tape: self, object: object) }

    /// Iterates an object's members without allocating.
    public struct MemberSequence: Sequence, IteratorProtocol {
        let tape: JSONTape
        var cursor: Int
        let end: Int

        init(tape: JSONTape, object: Int) {
            self.tape = tape
            self.cursor = object + 1
            self.end = tape.next(object)
        }

        public mutating func next() -> (key: Int, value: Int)? {
            guard cursor < end else { return nil }
            let key = cursor
            cursor = tape.next(key + 1)
            return (key, key + 1)
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for i in 0..<count where a[i] != b[i] { return false }
    return true
}
