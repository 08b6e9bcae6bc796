/// A node of the lossless, format-neutral element tree that validation runs on.
///
/// JSON and XML parsers both produce this tree. A repeating element appears as
/// several siblings with the same name; a primitive's `id` and `extension`
/// (JSON `_name`, XML attributes and children) are ordinary children; a resource
/// nested inside another (`contained`, `Bundle.entry.resource`) is the node of
/// the holding element with `resourceType` set. Nodes are built once by a
/// parser and are immutable afterwards (all properties are constants, which also spares
/// reads the exclusivity checks of class variables), so a tree may be read from many threads.
public final class Element: @unchecked Sendable {
    /// The kind of JSON token a primitive value was written as (`string` for XML).
    public enum ValueKind: UInt8, Sendable {
        case string, number, boolean
    }

    /// How the element was written in the source, for array-shape checks.
    public enum Shape: UInt8, Sendable {
        /// A single JSON property value.
        case single
        /// A member of a JSON array.
        case arrayMember
        /// A format without arrays (XML): no shape to check.
        case unspecified
    }

    /// The element name as written (`valueQuantity`, `given`, `div`).
    public let name: String
    /// The primitive value as written in the source (numbers keep their text).
    public let value: String?
    public let valueKind: ValueKind
    public let shape: Shape
    /// Position of the element in the array it came from, when it came from one.
    public let arrayIndex: Int
    /// Child elements in document order.
    public let children: [Element]
    /// Where the element starts in the source.
    public let position: SourcePosition
    /// The resource type, when this node is (or holds) a resource.
    public let resourceType: String?
    /// The parsed XHTML of a narrative `div`.
    public let xhtml: XMLNode?
    /// True when the source wrote this element as an object/element with members
    /// (as opposed to a bare primitive value).
    public let isComplex: Bool
    /// True when the source wrote members here that parsing reported and left out (an empty
    /// array, a null): the element is empty because of those findings, and is not reported as
    /// empty again.
    public let contentDropped: Bool

    public init(
        name: String, value: String? = nil, valueKind: ValueKind = .string,
        shape: Shape = .unspecified, arrayIndex: Int = 0, children: [Element] = [],
        position: SourcePosition, resourceType: String? = nil, xhtml: XMLNode? = nil,
        isComplex: Bool = false, contentDropped: Bool = false
    ) {
        self.name = name
        self.value = value
        self.valueKind = valueKind
        self.shape = shape
        self.arrayIndex = arrayIndex
        self.children = children
        self.position = position
        self.resourceType = resourceType
        self.xhtml = xhtml
        self.isComplex = isComplex
        self.contentDropped = contentDropped
    }

    /// The first child with this name, or nil. O(children).
    @inlinable
    public func child(_ name: String) -> Element? {
        firstChild { $0.name.isSameName(as: name) }
    }

    /// The first child that satisfies `predicate`, or nil. The children are visited borrowed (the
    /// tree holds them), without a retain and release of each. O(children).
    @inlinable
    public func firstChild(where predicate: (Element) throws -> Bool) rethrows -> Element? {
        try children.withUnsafeBufferPointer { buffer in
            for slot in buffer.indices where try Unmanaged.passUnretained(buffer[slot])._withUnsafeGuaranteedRef(predicate) {
                return buffer[slot]
            }
            return nil
        }
    }

    /// True when some child satisfies `predicate`; the children are visited borrowed, as by
    /// `firstChild(where:)`. O(children).
    @inlinable
    public func containsChild(where predicate: (Element) throws -> Bool) rethrows -> Bool {
        try children.withUnsafeBufferPointer { buffer in
            for slot in buffer.indices where try Unmanaged.passUnretained(buffer[slot])._withUnsafeGuaranteedRef(predicate) {
                return true
            }
            return false
        }
    }

    /// Every child with this name, in order. O(children).
    public func children(named name: String) -> [Element] {
        children.filter { $0.name.isSameName(as: name) }
    }

    /// The value of the first child with this name. O(children).
    @inlinable
    public func childValue(_ name: String) -> String? {
        children.withUnsafeBufferPointer { buffer in
            for slot in buffer.indices {
                let value = Unmanaged.passUnretained(buffer[slot])._withUnsafeGuaranteedRef { child -> String?? in
                    child.name.isSameName(as: name) ? .some(child.value) : nil
                }
                if let value { return value }
            }
            return nil
        }
    }

    /// True when the element carries neither a value, nor children, nor XHTML.
    public var isEmpty: Bool { value == nil && children.isEmpty && xhtml == nil && resourceType == nil }
}
