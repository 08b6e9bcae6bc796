/// A node of the lossless, format-neutral element tree that validation runs on.
///
/// JSON and XML parsers both produce this tree. A repeating element appears as
/// several siblings with the same name; a primitive's `id` and `extension`
/// (JSON `_name`, XML attributes and children) are ordinary children; a resource
/// nested inside another (`contained`, `Bundle.entry.resource`) is the node of
/// the holding element with `resourceType` set. An `Element` is a view of one node of an
/// `ElementTree` (which it keeps alive); trees are built once and immutable afterwards, so
/// elements may be read from many threads. Two views are the same element when `===`.
public struct Element: @unchecked Sendable {
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

    /// The tree the element belongs to.
    public let tree: ElementTree
    @usableFromInline let node: UnsafePointer<ElementNode>

    @inlinable
    init(tree: ElementTree, node: UnsafePointer<ElementNode>) {
        self.tree = tree
        self.node = node
    }

    /// The element name as written (`valueQuantity`, `given`, `div`).
    @inlinable public var name: String { _read { yield node.pointee.name } }
    /// The primitive value as written in the source (numbers keep their text).
    @inlinable public var value: String? { _read { yield node.pointee.value } }
    @inlinable public var valueKind: ValueKind { node.pointee.valueKind }
    @inlinable public var shape: Shape { node.pointee.shape }
    /// Position of the element in the array it came from, when it came from one.
    @inlinable public var arrayIndex: Int { Int(node.pointee.arrayIndex) }
    /// Child elements in document order.
    @inlinable public var children: ElementChildren {
        ElementChildren(tree: tree, links: UnsafePointer(tree.links + Int(node.pointee.firstLink)), count: Int(node.pointee.childCount))
    }
    /// Where the element starts in the source.
    @inlinable public var position: SourcePosition {
        SourcePosition(line: Int(node.pointee.line), column: Int(node.pointee.column))
    }
    /// The resource type, when this node is (or holds) a resource.
    @inlinable public var resourceType: String? { _read { yield node.pointee.resourceType } }
    /// The parsed XHTML of a narrative `div`.
    @inlinable public var xhtml: XMLNode? { _read { yield node.pointee.xhtml } }
    /// True when the source wrote this element as an object/element with members
    /// (as opposed to a bare primitive value).
    @inlinable public var isComplex: Bool { node.pointee.isComplex }
    /// True when the source wrote members here that parsing reported and left out (an empty
    /// array, a null): the element is empty because of those findings, and is not reported as
    /// empty again.
    @inlinable public var contentDropped: Bool { node.pointee.contentDropped }

    /// Makes an element in a tree of its own, with copies of `children` (which may come from
    /// any trees) below it: for elements that no document holds (patterns, tests).
    /// O(size of the children's subtrees).
    public init(
        name: String, value: String? = nil, valueKind: ValueKind = .string,
        shape: Shape = .unspecified, arrayIndex: Int = 0, children: [Element] = [],
        position: SourcePosition, resourceType: String? = nil, xhtml: XMLNode? = nil,
        isComplex: Bool = false, contentDropped: Bool = false
    ) {
        var writer = ElementTreeWriter()
        let root = writer.open()
        for child in children { writer.copy(child) }
        writer.close(root, name: name, value: value, valueKind: valueKind, shape: shape, arrayIndex: arrayIndex,
                     position: position, resourceType: resourceType, xhtml: xhtml, isComplex: isComplex,
                     contentDropped: contentDropped)
        self = writer.finish().root
    }

    /// The first child with this name, or nil. O(children).
    @inlinable
    public func child(_ name: String) -> Element? {
        firstChild { $0.name.isSameName(as: name) }
    }

    /// The first child that satisfies `predicate`, or nil. O(children).
    @inlinable
    public func firstChild(where predicate: (Element) throws -> Bool) rethrows -> Element? {
        let children = self.children
        for slot in 0..<children.count where try predicate(children[slot]) {
            return children[slot]
        }
        return nil
    }

    /// True when some child satisfies `predicate`. O(children).
    @inlinable
    public func containsChild(where predicate: (Element) throws -> Bool) rethrows -> Bool {
        try firstChild(where: predicate) != nil
    }

    /// Every child with this name, in order. O(children).
    public func children(named name: String) -> [Element] {
        children.filter { $0.name.isSameName(as: name) }
    }

    /// The value of the first child with this name. O(children).
    @inlinable
    public func childValue(_ name: String) -> String? {
        let nodes = tree.nodes
        let links = tree.links + Int(node.pointee.firstLink)
        for slot in 0..<Int(node.pointee.childCount) {
            let child = nodes + Int(links[slot])
            if child.pointee.name.isSameName(as: name) { return child.pointee.value }
        }
        return nil
    }

    /// True when the element carries neither a value, nor children, nor XHTML.
    @inlinable
    public var isEmpty: Bool {
        node.pointee.value == nil && node.pointee.childCount == 0 && node.pointee.xhtml == nil && node.pointee.resourceType == nil
    }
}

/// True when two views are of the same node of the same tree, or both are nil (as `===` is for
/// objects; a free function, since a member operator cannot take optionals only). O(1).
@inlinable
public func === (lhs: Element?, rhs: Element?) -> Bool { lhs?.node == rhs?.node }

/// True when `===` is not. O(1).
@inlinable
public func !== (lhs: Element?, rhs: Element?) -> Bool { lhs?.node != rhs?.node }

/// The children of an element, in document order: views into the element's tree. O(1) access.
public struct ElementChildren: RandomAccessCollection, @unchecked Sendable {
    @usableFromInline let tree: ElementTree
    @usableFromInline let links: UnsafePointer<Int32>
    public let count: Int

    @inlinable
    init(tree: ElementTree, links: UnsafePointer<Int32>, count: Int) {
        self.tree = tree
        self.links = links
        self.count = count
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "ElementChildren: index out of range")
        return Element(tree: tree, node: UnsafePointer(tree.nodes + Int(links[position])))
    }
}
