/// Where the walker is, as the FHIRPath expression a finding names (`Patient.name[0].given`),
/// written out as text only when a finding needs it.
///
/// Most elements have no finding, and writing every element's expression as a String cost an
/// allocation per element. A path is a length into a byte buffer that all paths of one walk
/// share: a child's path cuts the buffer back to its parent's length and appends `.name` or
/// `.name[index]`. A path therefore reads correctly while its element is being validated, and
/// no longer once the walk has moved on to the element's next sibling: whatever is used later
/// keeps the element (and its index) and derives the path again from its parent's.
struct ExpressionPath {
    /// The bytes of the current path and its ancestors' (each ancestor's text is a prefix).
    final class Buffer {
        fileprivate var bytes: UnsafeMutablePointer<UInt8>
        fileprivate var capacity: Int
        fileprivate var count = 0

        fileprivate init(capacity: Int) {
            self.capacity = capacity
            bytes = .allocate(capacity: capacity)
        }

        deinit { bytes.deallocate() }

        /// Makes room for `extra` more bytes. Amortised O(1).
        fileprivate func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + extra))
            grown.update(from: bytes, count: count)
            bytes.deallocate()
            bytes = grown
            capacity = max(capacity * 2, count + extra)
        }
    }

    private let buffer: Buffer
    private let length: Int

    /// A root path (`Patient`, or a whole expression to continue from), in a buffer of its own.
    init(_ root: String) {
        let utf8 = root.utf8
        buffer = Buffer(capacity: max(128, utf8.count * 2))
        for byte in utf8 {
            buffer.bytes[buffer.count] = byte
            buffer.count += 1
        }
        length = buffer.count
    }

    private init(buffer: Buffer, length: Int) {
        self.buffer = buffer
        self.length = length
    }

    /// The path of a child element: `self.name`, or `self.name[index]` for an item of a list.
    /// Cuts the shared buffer back to this path first. O(name).
    func child(_ name: String, index: Int?) -> ExpressionPath {
        var name = name
        return name.withUTF8 { nameBytes in
            buffer.count = length
            buffer.reserve(nameBytes.count + 23)
            var at = buffer.bytes + buffer.count
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
            buffer.count = at - buffer.bytes
            return ExpressionPath(buffer: buffer, length: buffer.count)
        }
    }

    /// The expression as text. O(length).
    var text: String {
        String(decoding: UnsafeBufferPointer(start: buffer.bytes, count: length), as: UTF8.self)
    }
}
