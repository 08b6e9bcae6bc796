import Foundation

/// A node of the lossless, format-neutral element tree that validation runs on.
///
/// JSON and XML parsers both produce this tree. A repeating element appears as
/// several siblings with the same name; a primitive's `id` and `extension`
/// (JSON `_name`, XML attributes and children) are ordinary children; a resource
/// nested inside another (`contained`, `Bundle.entry.resource`) is the node of
/// the holding element with `resourceType` set. An `Element` is a view of one node of an
/// `ElementTree` (which it keeps alive); trees are built once and immutable afterwards, so
/// elements may be read from many threads. Two views are the same element when `===`. Names
/// and values are UTF-8 bytes in the tree's storage: `name` and `value` make Strings of them,
/// and `hasName`, `hasValue(_:)`, `hasSameValue(as:)` compare them without.
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

    /// The element name as written (`valueQuantity`, `given`, `div`). Made from the tree's
    /// bytes on each read: hot paths compare `nameBytes` or use `hasName`. O(length).
    @inlinable public var name: String { String(decoding: nameBytes, as: UTF8.self) }
    /// The primitive value as written in the source (numbers keep their text). Made from the
    /// tree's bytes on each read: hot paths read `valueBytes`. O(length).
    @inlinable public var value: String? { valueBytes.map { String(decoding: $0, as: UTF8.self) } }
    /// True when the element has a primitive value. O(1).
    @inlinable public var hasValue: Bool { !node.pointee.value.isAbsent }

    // `nameBytes`, `valueBytes`, `hasValue` and `child(at:)` read the node directly rather
    // than through `ElementRef`, whose unowned reference the optimizer turns into a retain and
    // release per read (50 more a vital-sign Observation when they delegated).

    /// The UTF-8 bytes of the name, in the tree's storage: valid while the tree lives (while
    /// this element, or another view of the tree, is in use). O(1).
    @inlinable package var nameBytes: UnsafeBufferPointer<UInt8> { tree.bytes(node.pointee.name) }
    /// The UTF-8 bytes of the value, or nil; in the tree's storage, as `nameBytes`. O(1).
    @inlinable package var valueBytes: UnsafeBufferPointer<UInt8>? {
        let text = node.pointee.value
        return text.isAbsent ? nil : tree.bytes(text)
    }

    /// True when the element's name is `name`, compared as bytes. O(length).
    @inlinable
    public func hasName(_ name: String) -> Bool {
        nameBytes.isText(name)
    }

    /// True when two elements (of any trees) have the same name, compared as bytes. O(length).
    @inlinable
    public func hasSameName(as other: Element) -> Bool {
        ElementText.equal(nameBytes, other.nameBytes)
    }

    /// True when two elements (of any trees) both have no value, or the same value, compared as
    /// bytes. O(length).
    @inlinable
    public func hasSameValue(as other: Element) -> Bool {
        switch (valueBytes, other.valueBytes) {
        case (nil, nil): return true
        case (let mine?, let theirs?): return ElementText.equal(mine, theirs)
        default: return false
        }
    }

    /// True when the element's value is `text`, compared as bytes (false without a value). O(length).
    @inlinable
    public func hasValue(_ text: String) -> Bool {
        valueBytes?.isText(text) == true
    }
    @inlinable public var valueKind: ValueKind { node.pointee.valueKind }
    @inlinable public var shape: Shape { node.pointee.shape }
    /// Position of the element in the array it came from, when it came from one.
    @inlinable public var arrayIndex: Int { Int(node.pointee.arrayIndex) }
    /// Child elements in document order.
    @inlinable public var children: ElementChildren {
        ElementChildren(tree: tree, links: UnsafePointer(tree.links + Int(node.pointee.firstLink)), count: Int(node.pointee.childCount))
    }
    /// The number of children. O(1).
    @inlinable public var childCount: Int { Int(node.pointee.childCount) }
    /// The child at `slot` (0 ..< childCount), in document order: as `children[slot]`, without
    /// making the collection (which, as every view, retains the tree). O(1).
    @inlinable
    public func child(at slot: Int) -> Element {
        precondition(slot >= 0 && slot < childCount, "Element.child(at:): index out of range")
        return Element(tree: tree, node: UnsafePointer(tree.nodes + Int(tree.links[Int(node.pointee.firstLink) + slot])))
    }
    /// The name bytes of the child at `slot`, read without making a view; in the tree's
    /// storage, as `nameBytes`. O(1).
    @inlinable
    package func childNameBytes(at slot: Int) -> UnsafeBufferPointer<UInt8> {
        ElementRef(self).childNameBytes(at: slot)
    }
    /// The first child slot at or after `start` whose name satisfies `matches`, or nil; names
    /// are read in place, and no view is made. O(children).
    @inlinable
    package func nextChildSlot(from start: Int, where matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> Int? {
        ElementRef(self).nextChildSlot(from: start, where: matches)
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
        guard let slot = childSlot(name) else { return nil }
        return child(at: slot)
    }

    /// The index among the children of the first child with this name, or nil; compared as
    /// bytes without making views. O(children).
    @inlinable
    package func childSlot(_ name: String) -> Int? {
        ElementRef(self).childSlot(name)
    }

    /// The first child that satisfies `predicate`, or nil. O(children).
    @inlinable
    public func firstChild(where predicate: (Element) throws -> Bool) rethrows -> Element? {
        for slot in 0..<childCount {
            let child = child(at: slot)
            if try predicate(child) { return child }
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
        children.filter { $0.hasName(name) }
    }

    /// The value of the first child with this name. O(children).
    @inlinable
    public func childValue(_ name: String) -> String? {
        childValueBytes(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value bytes of the first child with this name (nil when there is no such child or it
    /// has no value); in the tree's storage, as `nameBytes`. O(children).
    @inlinable
    package func childValueBytes(_ name: String) -> UnsafeBufferPointer<UInt8>? {
        ElementRef(self).childValueBytes(name)
    }

    /// True when the element carries neither a value, nor children, nor XHTML.
    @inlinable
    public var isEmpty: Bool {
        node.pointee.value.isAbsent && node.pointee.childCount == 0 && node.pointee.xhtml == nil && node.pointee.resourceType == nil
    }
}

extension ElementTree {
    /// The bytes of a text of this tree. O(1).
    @inlinable
    func bytes(_ text: ElementText) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: texts + Int(text.start), count: Int(text.count))
    }
}

extension ElementText {
    /// True when two runs of bytes of the same length are equal. O(length).
    @inlinable
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard a.count > 0 else { return true }
        return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
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
