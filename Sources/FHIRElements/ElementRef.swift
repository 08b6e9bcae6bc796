/// A view of an element that does not keep its tree alive: an `Element` without the reference
/// count, for walks inside a call that holds an `Element` of the same tree (which keeps the
/// tree alive for the call).
///
/// Making an `Element` view retains its tree, an atomic increment and decrement that costs more
/// than the tests a walk makes on most nodes; a walk that visits many nodes to act on a few
/// (existence tests, discriminators, pattern matching) reads them as `ElementRef`s and makes an
/// `Element` only of a node it hands on. Never stored beyond the call that made it.
@usableFromInline
package struct ElementRef {
    @usableFromInline unowned(unsafe) let tree: ElementTree
    @usableFromInline let node: UnsafePointer<ElementNode>

    /// A view of the same node as `element`, valid while `element` (or its tree) is alive.
    @inlinable @usableFromInline
    package init(_ element: Element) {
        tree = element.tree
        node = element.node
    }

    @inlinable
    init(tree: ElementTree, node: UnsafePointer<ElementNode>) {
        self.tree = tree
        self.node = node
    }

    /// The node as an `Element`, which keeps the tree alive. O(1).
    @inlinable @usableFromInline package var element: Element { Element(tree: tree, node: node) }

    /// The UTF-8 bytes of the name, in the tree's storage. O(1).
    @inlinable @usableFromInline package var nameBytes: UnsafeBufferPointer<UInt8> { tree.bytes(node.pointee.name) }

    /// The UTF-8 bytes of the value, or nil, in the tree's storage. O(1).
    @inlinable @usableFromInline package var valueBytes: UnsafeBufferPointer<UInt8>? {
        let text = node.pointee.value
        return text.isAbsent ? nil : tree.bytes(text)
    }

    /// True when the node has a primitive value. O(1).
    @inlinable @usableFromInline package var hasValue: Bool { !node.pointee.value.isAbsent }

    /// The number of children. O(1).
    @inlinable @usableFromInline package var childCount: Int { Int(node.pointee.childCount) }

    /// The child at `slot` (0 ..< childCount). O(1).
    @inlinable @usableFromInline
    package func child(at slot: Int) -> ElementRef {
        precondition(slot >= 0 && slot < childCount, "ElementRef.child(at:): index out of range")
        return ElementRef(tree: tree, node: UnsafePointer(tree.nodes + Int(tree.links[Int(node.pointee.firstLink) + slot])))
    }

    /// The name bytes of the child at `slot`. O(1).
    @inlinable @usableFromInline
    package func childNameBytes(at slot: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(slot >= 0 && slot < childCount, "ElementRef.childNameBytes(at:): index out of range")
        return tree.bytes(tree.nodes[Int(tree.links[Int(node.pointee.firstLink) + slot])].name)
    }

    /// The first child slot at or after `start` whose name satisfies `matches`, or nil. O(children).
    @inlinable @usableFromInline
    package func nextChildSlot(from start: Int, where matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> Int? {
        var slot = start
        while slot < childCount {
            if matches(childNameBytes(at: slot)) { return slot }
            slot += 1
        }
        return nil
    }

    /// The index of the first child with this name, or nil. O(children).
    @inlinable @usableFromInline
    package func childSlot(_ name: String) -> Int? {
        name.withUTF8Bytes { wanted in nextChildSlot(from: 0) { ElementText.equal($0, wanted) } }
    }

    /// The value bytes of the first child with this name (nil without such a child, or without
    /// its value). O(children).
    @inlinable @usableFromInline
    package func childValueBytes(_ name: String) -> UnsafeBufferPointer<UInt8>? {
        guard let slot = childSlot(name) else { return nil }
        return child(at: slot).valueBytes
    }
}
