/// One node of an element tree as stored: what an `Element` view reads.
///
/// Children are not stored in the node but as a run of node indices in the tree's link table
/// (`firstLink ..< firstLink + childCount`), so every node has the same size and a tree is two
/// flat blocks rather than an object and an array per element.
@usableFromInline
struct ElementNode {
    @usableFromInline var name: String
    @usableFromInline var value: String?
    @usableFromInline var resourceType: String?
    @usableFromInline var xhtml: XMLNode?
    @usableFromInline var line: Int32
    @usableFromInline var column: Int32
    @usableFromInline var arrayIndex: Int32
    @usableFromInline var firstLink: Int32
    @usableFromInline var childCount: Int32
    @usableFromInline var valueKind: Element.ValueKind
    @usableFromInline var shape: Element.Shape
    @usableFromInline var isComplex: Bool
    @usableFromInline var contentDropped: Bool
}

/// The storage of one parsed document's elements: every node in one block, and the children of
/// each as indices into it.
///
/// Made once by a parser (or by `Element`'s initializer) and immutable afterwards, so a tree may
/// be read from many threads. `Element` values are views into a tree and keep it alive; freeing
/// a tree is one pass over its nodes (releasing their texts) and one deallocation.
public final class ElementTree: @unchecked Sendable {
    @usableFromInline let nodes: UnsafeMutablePointer<ElementNode>
    @usableFromInline let links: UnsafeMutablePointer<Int32>
    /// The number of nodes.
    public let count: Int

    /// Moves the writer's nodes and copies its links into one block. O(nodes + links).
    init(moving nodes: ElementNodeBuffer, links: [Int32]) {
        count = nodes.count
        let nodeBytes = count * MemoryLayout<ElementNode>.stride
        let block = UnsafeMutableRawPointer.allocate(byteCount: nodeBytes + links.count * MemoryLayout<Int32>.stride,
                                                     alignment: MemoryLayout<ElementNode>.alignment)
        self.nodes = block.bindMemory(to: ElementNode.self, capacity: count)
        self.nodes.moveInitialize(from: nodes.base, count: count)
        nodes.forgetMoved()
        self.links = (block + nodeBytes).bindMemory(to: Int32.self, capacity: links.count)
        links.withUnsafeBufferPointer { if let base = $0.baseAddress { self.links.initialize(from: base, count: $0.count) } }
    }

    deinit {
        nodes.deinitialize(count: count)
        UnsafeMutableRawPointer(nodes).deallocate()
    }

    /// The root element (the first node written). O(1).
    public var root: Element { Element(tree: self, node: UnsafePointer(nodes)) }
}

/// A growable block of nodes that the writer fills and a tree takes over (an `Array` cannot give
/// its elements away without releasing them). A class, so that the block is freed with it.
final class ElementNodeBuffer {
    private(set) var base: UnsafeMutablePointer<ElementNode>
    /// Slots handed out; those below `count` are initialized once the writer has closed them.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        // Freed empty: a tree took the nodes (`forgetMoved`), or `discard` released them. (A
        // writer dropped with a document half-written would leak that document's texts here:
        // the readers finish or discard every document they start.)
        base.deallocate()
    }

    /// Hands out the next slot, uninitialized. O(1) amortized.
    func reserve() -> Int {
        if count == capacity { grow() }
        count += 1
        return count - 1
    }

    /// Initializes a reserved slot.
    @inline(__always)
    func initialize(_ slot: Int, to node: consuming ElementNode) {
        (base + slot).initialize(to: node)
    }

    /// Releases every node (all must be initialized) and empties the buffer. O(count).
    func deinitializeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Marks the nodes as moved out (a tree owns them now); the capacity stays for the next document.
    func forgetMoved() {
        count = 0
    }

    private func grow() {
        let larger = UnsafeMutablePointer<ElementNode>.allocate(capacity: capacity * 2)
        // Every slot below `count` is initialized or reserved: reserved ones are written only
        // after their subtree, so a move of the raw bytes carries both kinds across.
        UnsafeMutableRawPointer(larger).copyMemory(from: base, byteCount: count * MemoryLayout<ElementNode>.stride)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}

/// Writes an element tree node by node, parents around their children.
///
/// A parent reserves its slot (`open`), its children are written (each opening and closing its
/// own), and `close` stores the parent with the children written since it opened. Children are
/// kept on a stack while their parent is open and go to the link table when it closes, so the
/// children of every node are one run of links however deep the subtree below each is.
/// Not thread-safe: one writer per document being built.
struct ElementTreeWriter {
    private let nodes: ElementNodeBuffer
    private var links: [Int32] = []
    /// The slots of the children of the open nodes, innermost last.
    private var openChildren: [Int32] = []
    /// The slots of the nodes opened and not yet closed, innermost last (see `discard`).
    private var unclosed: [Int32] = []

    init() {
        nodes = ElementNodeBuffer()
        links.reserveCapacity(64)
        openChildren.reserveCapacity(32)
        unclosed.reserveCapacity(16)
    }

    /// A node being written: its slot, and where its children start on the stack.
    struct Opened {
        let slot: Int
        let mark: Int
    }

    /// Reserves the next node as a child of the innermost open node (or the root). O(1) amortized.
    mutating func open() -> Opened {
        let slot = nodes.reserve()
        openChildren.append(Int32(truncatingIfNeeded: slot))
        unclosed.append(Int32(truncatingIfNeeded: slot))
        return Opened(slot: slot, mark: openChildren.count)
    }

    /// The number of children written so far under an open node. O(1).
    func childCount(_ opened: Opened) -> Int { openChildren.count - opened.mark }

    /// The names of the children written so far under an open node, in order. O(children).
    func children(of opened: Opened) -> [String] {
        openChildren[opened.mark...].map { nodes.base[Int($0)].name }
    }

    /// Moves the most recently written child of an open node to `position` among its children
    /// (XML writes an extension's `url` attribute after the nested extensions). O(children).
    mutating func moveLastChild(of opened: Opened, to position: Int) {
        let last = openChildren.removeLast()
        openChildren.insert(last, at: opened.mark + position)
    }

    /// Stores an opened node with the children written since it opened. O(children).
    mutating func close(
        _ opened: Opened, name: String, value: String? = nil, valueKind: Element.ValueKind = .string,
        shape: Element.Shape = .unspecified, arrayIndex: Int = 0, position: SourcePosition,
        resourceType: String? = nil, xhtml: XMLNode? = nil, isComplex: Bool = false, contentDropped: Bool = false
    ) {
        unclosed.removeLast()
        let firstLink = links.count
        let childCount = openChildren.count - opened.mark
        // Element by element: a range append or removal takes a generic path, slow for the few
        // children a node has.
        for index in opened.mark..<openChildren.count { links.append(openChildren[index]) }
        while openChildren.count > opened.mark { openChildren.removeLast() }
        nodes.initialize(opened.slot, to: ElementNode(
            name: name, value: value, resourceType: resourceType, xhtml: xhtml,
            line: Int32(truncatingIfNeeded: position.line), column: Int32(truncatingIfNeeded: position.column),
            arrayIndex: Int32(truncatingIfNeeded: arrayIndex), firstLink: Int32(truncatingIfNeeded: firstLink),
            childCount: Int32(truncatingIfNeeded: childCount), valueKind: valueKind, shape: shape,
            isComplex: isComplex, contentDropped: contentDropped))
    }

    /// Writes a copy of `element` and its subtree (from any tree) as the next child. O(subtree).
    mutating func copy(_ element: Element) {
        let opened = open()
        for child in element.children { copy(child) }
        let node = element.node.pointee
        close(opened, name: node.name, value: node.value, valueKind: node.valueKind, shape: node.shape,
              arrayIndex: Int(node.arrayIndex), position: element.position, resourceType: node.resourceType,
              xhtml: node.xhtml, isComplex: node.isComplex, contentDropped: node.contentDropped)
    }

    /// True when nothing is written or open (between documents).
    var isEmpty: Bool { nodes.count == 0 && links.isEmpty && openChildren.isEmpty && unclosed.isEmpty }

    /// Drops everything written so far (a document abandoned part-way), keeping the buffers'
    /// capacity for the next. O(nodes written).
    mutating func discard() {
        // Nodes still open were reserved but never stored: stored now, so that every slot can be
        // released alike.
        for slot in unclosed {
            nodes.initialize(Int(slot), to: ElementNode(
                name: "", value: nil, resourceType: nil, xhtml: nil, line: 0, column: 0, arrayIndex: 0, firstLink: 0,
                childCount: 0, valueKind: .string, shape: .unspecified, isComplex: false, contentDropped: false))
        }
        nodes.deinitializeAll()
        unclosed.removeAll(keepingCapacity: true)
        openChildren.removeAll(keepingCapacity: true)
        links.removeAll(keepingCapacity: true)
    }

    /// The tree written, rooted at the first node; the writer is empty afterwards and may write
    /// the next document. Every opened node must have been closed. O(nodes).
    mutating func finish() -> ElementTree {
        precondition(openChildren.count == 1, "ElementTreeWriter.finish: the root must be the only node left open")
        openChildren.removeAll(keepingCapacity: true)
        let tree = ElementTree(moving: nodes, links: links)
        links.removeAll(keepingCapacity: true)
        return tree
    }
}
