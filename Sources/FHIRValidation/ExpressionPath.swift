/// Where the walker is, as the FHIRPath expression a finding names (`Patient.name[0].given`),
/// written out as text only when a finding needs it.
///
/// Most elements have no finding, and writing every element's expression as a String cost an
/// allocation per element. A path is a length into a byte buffer that all paths of one walk
/// share: a child's path cuts the buffer back to its parent's length and appends `.name` or
/// `.name[index]`. A path therefore reads correctly while its element is being validated, and
/// no longer once the walk has moved on to the element's next sibling: whatever is used later
/// keeps the element (and its index) and derives the path again from its parent's.
///
/// Paths refer to their buffer without owning it (a path is two words, and copying one updates
/// no reference count): `withRoot` allocates the buffer and frees it when its body returns, so
/// a path is used only inside the body that made its root.
struct ExpressionPath {
    /// The bytes of the current path and its ancestors' (each ancestor's text is a prefix).
    private struct Buffer {
        var bytes: UnsafeMutablePointer<UInt8>
        var capacity: Int
        var count = 0

        /// Makes room for `extra` more bytes. Amortised O(1).
        mutating func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + extra))
            grown.update(from: bytes, count: count)
            bytes.deallocate()
            bytes = grown
            capacity = max(capacity * 2, count + extra)
        }
    }

    private let buffer: UnsafeMutablePointer<Buffer>
    private let length: Int

    /// Runs `body` with a root path (`Patient`, or a whole expression to continue from) in a
    /// buffer of its own, which lives until `body` returns.
    static func withRoot<Result>(_ root: String, _ body: (ExpressionPath) throws -> Result) rethrows -> Result {
        let utf8 = root.utf8
        let capacity = max(128, utf8.count * 2)
        let buffer = UnsafeMutablePointer<Buffer>.allocate(capacity: 1)
        buffer.initialize(to: Buffer(bytes: .allocate(capacity: capacity), capacity: capacity))
        defer {
            buffer.pointee.bytes.deallocate()
            buffer.deinitialize(count: 1)
            buffer.deallocate()
        }
        for byte in utf8 {
            buffer.pointee.bytes[buffer.pointee.count] = byte
            buffer.pointee.count += 1
        }
        return try body(ExpressionPath(buffer: buffer, length: buffer.pointee.count))
    }

    private init(buffer: UnsafeMutablePointer<Buffer>, length: Int) {
        self.buffer = buffer
        self.length = length
    }

    /// The path of a child element: `self.name`, or `self.name[index]` for an item of a list.
    /// Cuts the shared buffer back to this path first. O(name).
    func child(_ name: String, index: Int?) -> ExpressionPath {
        // Names are native strings, whose bytes are read in place (`withUTF8` would copy the
        // string first, a retain and release).
        if let path = name.utf8.withContiguousStorageIfAvailable({ child(bytes: $0, index: index) }) { return path }
        var name = name
        return name.withUTF8 { child(bytes: $0, index: index) }
    }

    /// The path of a child element, by the element's own name (read in place). O(name).
    func child(named element: Element, index: Int?) -> ExpressionPath {
        child(bytes: element.nameBytes, index: index)
    }

    private func child(bytes nameBytes: UnsafeBufferPointer<UInt8>, index: Int?) -> ExpressionPath {
        buffer.pointee.count = length
        buffer.pointee.reserve(nameBytes.count + 23)
        var at = buffer.pointee.bytes + length
        at.pointee = UInt8(ascii: ".")
        at += 1
        if let base = nameBytes.baseAddress { at.update(from: base, count: nameBytes.count) }
        at += nameBytes.count
        if var number = index {
            at.pointee = UInt8(ascii: "[")
            at += 1
            let start = at
            repeat {
                at.pointee = UInt8(ascii: "0") + UInt8(number % 10)
                number /= 10
                at += 1
            } while number > 0
            var digits = UnsafeMutableBufferPointer(start: start, count: at - start)
            digits.reverse()
            at.pointee = UInt8(ascii: "]")
            at += 1
        }
        buffer.pointee.count = at - buffer.pointee.bytes
        return ExpressionPath(buffer: buffer, length: buffer.pointee.count)
    }

    /// The expression as text. O(length).
    var text: String {
        String(decoding: UnsafeBufferPointer(start: buffer.pointee.bytes, count: length), as: UTF8.self)
    }
}
