/// One node of an element tree as stored: what an `Element` view reads.
///
/// Children are not stored in the node but as a run of node indices in the tree's link table
/// (`firstLink ..< firstLink + childCount`), and the name and value are runs of UTF-8 bytes in
/// the tree's text block, so every node has the same size, holds no reference counted text, and
/// a tree is flat blocks rather than an object, an array and strings per element.
@usableFromInline
struct ElementNode {
    @usableFromInline var resourceType: String?
    @usableFromInline var xhtml: XMLNode?
    @usableFromInline var name: ElementText
    /// The value's bytes; `ElementText.absent` when the element has no value.
    @usableFromInline var value: ElementText
    @usableFromInline var line: Int32
    @usableFromInline var column: Int32
    @usableFromInline var arrayIndex: Int32
    @usableFromInline var firstLink: Int32
    @usableFromInline var childCount: Int32
    @usableFromInline var valueKind: Element.ValueKind
    @usableFromInline var shape: Element.Shape
    @usableFromInline var isComplex: Bool
    @usableFromInline var contentDropped: Bool
    /// True when the node holds a reference (a resource type or XHTML): only such nodes need
    /// releasing when the tree is freed.
    @usableFromInline var holdsReferences: Bool
}

extension ElementNode {
    /// Deinitializes `count` nodes: only those that hold references have anything to release (a
    /// node without is plain data), so most are passed over without a call. O(count).
    static func deinitialize(_ nodes: UnsafeMutablePointer<ElementNode>, count: Int) {
        for index in 0..<count where nodes[index].holdsReferences {
            (nodes + index).deinitialize(count: 1)
        }
    }
}

/// A run of UTF-8 bytes in a tree's (or a writer's) text block.
@usableFromInline
struct ElementText: Equatable, Sendable {
    @usableFromInline var start: Int32
    /// The number of bytes; negative for `absent`.
    @usableFromInline var count: Int32

    @inlinable init(start: Int32, count: Int32) {
        self.start = start
        self.count = count
    }

    /// No text (an element without a value).
    @usableFromInline static let absent = ElementText(start: 0, count: -1)
    @inlinable var isAbsent: Bool { count < 0 }
}

/// The storage of one parsed document's elements: every node in one block, and the children of
/// each as indices into it.
///
/// Made once by a parser (or by `Element`'s initializer) and immutable afterwards, so a tree may
/// be read from many threads. `Element` values are views into a tree and keep it alive; freeing
/// a tree is one pass over its nodes (releasing the few references they hold: resource types,
/// XHTML) and one deallocation.
public final class ElementTree: @unchecked Sendable {
    @usableFromInline let nodes: UnsafeMutablePointer<ElementNode>
    @usableFromInline let links: UnsafeMutablePointer<Int32>
    /// The names and values of the nodes, as UTF-8 bytes.
    @usableFromInline let texts: UnsafeMutablePointer<UInt8>
    /// The number of nodes.
    public let count: Int

    /// Moves the writer's nodes and copies its links and texts into one block. O(nodes + links + texts).
    init(moving nodes: ElementNodeBuffer, links: GrowableBlock<Int32>, texts: ElementTextBuffer) {
        count = nodes.count
        let nodeBytes = count * MemoryLayout<ElementNode>.stride
        let linkBytes = links.count * MemoryLayout<Int32>.stride
        let block = UnsafeMutableRawPointer.allocate(byteCount: nodeBytes + linkBytes + texts.count,
                                                     alignment: MemoryLayout<ElementNode>.alignment)
        self.nodes = block.bindMemory(to: ElementNode.self, capacity: count)
        self.nodes.moveInitialize(from: nodes.base, count: count)
        nodes.forgetItems()
        let linkBlock = (block + nodeBytes).bindMemory(to: Int32.self, capacity: links.count)
        linkBlock.initialize(from: links.base, count: links.count)
        self.links = linkBlock
        self.texts = (block + nodeBytes + linkBytes).bindMemory(to: UInt8.self, capacity: texts.count)
        self.texts.initialize(from: texts.base, count: texts.count)
    }

    deinit {
        ElementNode.deinitialize(nodes, count: count)
        UnsafeMutableRawPointer(nodes).deallocate()
    }

    /// The root element (the first node written). O(1).
    public var root: Element { Element(tree: self, node: UnsafePointer(nodes)) }
}

/// A growable block of items that a writer fills and a tree copies or takes over (an `Array`
/// cannot give its elements away without releasing them). A class, so that the block is freed
/// with it; its items are moved out, or released, before (see `ElementNodeBuffer`).
final class GrowableBlock<Item> {
    private(set) var base: UnsafeMutablePointer<Item>
    /// Slots handed out; those below `count` are initialized once the writer has written them.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        // Freed empty: a tree took the nodes (`forgetItems`), or `discard` released them. (A
        // writer dropped with a document half-written would leak that document's texts here:
        // the readers finish or discard every document they start.)
        base.deallocate()
    }

    /// Hands out the next `count` slots, uninitialized; returns the first. O(1) amortized.
    @inline(__always)
    func reserve(_ count: Int = 1) -> Int {
        if self.count + count > capacity { grow(to: self.count + count) }
        self.count += count
        return self.count - count
    }

    /// Drops the slots from `count` on (plain items only). O(1).
    @inline(__always)
    func truncate(to count: Int) {
        self.count = count
    }

    /// Empties the block, keeping its capacity for the next document: its items were moved out
    /// (a tree owns them now), released, or are plain bytes.
    func forgetItems() {
        count = 0
    }

    private func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let block = UnsafeMutablePointer<Item>.allocate(capacity: larger)
        // Every slot below `count` is initialized or reserved: reserved nodes are written only
        // after their subtree, so a move of the raw bytes carries both kinds across.
        UnsafeMutableRawPointer(block).copyMemory(from: base, byteCount: count * MemoryLayout<Item>.stride)
        base.deallocate()
        base = block
        capacity = larger
    }
}

/// The writer's nodes.
typealias ElementNodeBuffer = GrowableBlock<ElementNode>

extension GrowableBlock where Item == Int32 {
    /// Appends a node index (a link, or an open node). O(1) amortized.
    @inline(__always)
    func push(_ index: Int32) {
        let slot = reserve()  // first: it may move the block
        base[slot] = index
    }

    /// Drops the last index. O(1).
    @inline(__always)
    func pop() {
        truncate(to: count - 1)
    }
}

extension GrowableBlock where Item == ElementNode {
    /// Initializes a reserved slot.
    @inline(__always)
    func initialize(_ slot: Int, to node: consuming ElementNode) {
        (base + slot).initialize(to: node)
    }

    /// Releases every node (all must be initialized) and empties the buffer. O(count).
    func deinitializeAll() {
        ElementNode.deinitialize(base, count: count)
        forgetItems()
    }
}

/// The writer's texts: the names and values written, as UTF-8 bytes.
typealias ElementTextBuffer = GrowableBlock<UInt8>

extension GrowableBlock where Item == UInt8 {
    /// Appends bytes; returns where they are. O(bytes) amortized.
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> ElementText {
        let start = reserve(bytes.count)
        if let source = bytes.baseAddress { (base + start).initialize(from: source, count: bytes.count) }
        return ElementText(start: Int32(truncatingIfNeeded: start), count: Int32(truncatingIfNeeded: bytes.count))
    }

    /// The bytes of a text written here. O(1).
    func bytes(_ text: ElementText) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + Int(text.start), count: max(Int(text.count), 0))
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
    private let texts: ElementTextBuffer
    private let links: GrowableBlock<Int32>
    /// The slots of the children of the open nodes, innermost last.
    private let openChildren: GrowableBlock<Int32>
    /// The slots of the nodes opened and not yet closed, innermost last (see `discard`).
    private let unclosed: GrowableBlock<Int32>

    init() {
        nodes = ElementNodeBuffer(capacity: 64)
        texts = ElementTextBuffer(capacity: 1024)
        links = GrowableBlock(capacity: 64)
        openChildren = GrowableBlock(capacity: 32)
        unclosed = GrowableBlock(capacity: 16)
    }

    /// A node being written: its slot, and where its children start on the stack.
    struct Opened {
        let slot: Int
        let mark: Int
    }

    /// Reserves the next node as a child of the innermost open node (or the root). O(1) amortized.
    mutating func open() -> Opened {
        let slot = nodes.reserve()
        openChildren.push(Int32(truncatingIfNeeded: slot))
        unclosed.push(Int32(truncatingIfNeeded: slot))
        return Opened(slot: slot, mark: openChildren.count)
    }

    /// The number of children written so far under an open node. O(1).
    func childCount(_ opened: Opened) -> Int { openChildren.count - opened.mark }

    /// The names of the children written so far under an open node, in order. O(children).
    func children(of opened: Opened) -> [String] {
        (opened.mark..<openChildren.count).map { String(decoding: texts.bytes(nodes.base[Int(openChildren.base[$0])].name), as: UTF8.self) }
    }

    /// Writes a name or value's bytes to the text block, for `close`. O(bytes) amortized.
    @inline(__always)
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> ElementText {
        texts.append(bytes)
    }

    /// The bytes of a text written since the last document. O(1).
    func bytes(_ text: ElementText) -> UnsafeBufferPointer<UInt8> { texts.bytes(text) }

    /// Writes a string's UTF-8 bytes to the text block. O(bytes).
    func text(_ string: String) -> ElementText {
        string.withUTF8Bytes { texts.append($0) }
    }

    /// Moves the most recently written child of an open node to `position` among its children
    /// (XML writes an extension's `url` attribute after the nested extensions). O(children).
    mutating func moveLastChild(of opened: Opened, to position: Int) {
        let base = openChildren.base, last = base[openChildren.count - 1]
        var index = openChildren.count - 1
        while index > opened.mark + position {
            base[index] = base[index - 1]
            index -= 1
        }
        base[index] = last
    }

    /// Stores an opened node with the children written since it opened. O(children + texts).
    mutating func close(
        _ opened: Opened, name: String, value: String? = nil, valueKind: Element.ValueKind = .string,
        shape: Element.Shape = .unspecified, arrayIndex: Int = 0, position: SourcePosition,
        resourceType: String? = nil, xhtml: XMLNode? = nil, isComplex: Bool = false, contentDropped: Bool = false
    ) {
        close(opened, name: text(name), value: value.map { text($0) } ?? .absent, valueKind: valueKind, shape: shape,
              arrayIndex: arrayIndex, position: position, resourceType: resourceType, xhtml: xhtml, isComplex: isComplex,
              contentDropped: contentDropped)
    }

    /// Stores an opened node whose name and value are texts written with `text(_:)`. O(children).
    mutating func close(
        _ opened: Opened, name: ElementText, value: ElementText = .absent, valueKind: Element.ValueKind = .string,
        shape: Element.Shape = .unspecified, arrayIndex: Int = 0, position: SourcePosition,
        resourceType: String? = nil, xhtml: XMLNode? = nil, isComplex: Bool = false, contentDropped: Bool = false
    ) {
        unclosed.pop()
        let firstLink = links.count
        let childCount = openChildren.count - opened.mark
        // The children's run moves from the stack to the link table in one copy.
        let start = links.reserve(childCount)
        (links.base + start).update(from: openChildren.base + opened.mark, count: childCount)
        openChildren.truncate(to: opened.mark)
        nodes.initialize(opened.slot, to: ElementNode(
            resourceType: resourceType, xhtml: xhtml, name: name, value: value,
            line: Int32(truncatingIfNeeded: position.line), column: Int32(truncatingIfNeeded: position.column),
            arrayIndex: Int32(truncatingIfNeeded: arrayIndex), firstLink: Int32(truncatingIfNeeded: firstLink),
            childCount: Int32(truncatingIfNeeded: childCount), valueKind: valueKind, shape: shape,
            isComplex: isComplex, contentDropped: contentDropped, holdsReferences: resourceType != nil || xhtml != nil))
    }

    /// Writes a copy of `element` and its subtree (from any tree) as the next child. O(subtree).
    mutating func copy(_ element: Element) {
        let opened = open()
        for child in element.children { copy(child) }
        let node = element.node.pointee
        let name = text(element.nameBytes), value = element.valueBytes.map { text($0) } ?? .absent
        close(opened, name: name, value: value, valueKind: node.valueKind, shape: node.shape,
              arrayIndex: Int(node.arrayIndex), position: element.position, resourceType: node.resourceType,
              xhtml: node.xhtml, isComplex: node.isComplex, contentDropped: node.contentDropped)
    }

    /// True when nothing is written or open (between documents).
    var isEmpty: Bool { nodes.count == 0 && texts.count == 0 && links.count == 0 && openChildren.count == 0 && unclosed.count == 0 }

    /// Drops everything written so far (a document abandoned part-way), keeping the buffers'
    /// capacity for the next. O(nodes written).
    mutating func discard() {
        // Nodes still open were reserved but never stored: stored now, so that every slot can be
        // released alike.
        for slot in UnsafeBufferPointer(start: unclosed.base, count: unclosed.count) {
            nodes.initialize(Int(slot), to: ElementNode(
                resourceType: nil, xhtml: nil, name: .absent, value: .absent, line: 0, column: 0, arrayIndex: 0, firstLink: 0,
                childCount: 0, valueKind: .string, shape: .unspecified, isComplex: false, contentDropped: false, holdsReferences: false))
        }
        nodes.deinitializeAll()
        texts.forgetItems()
        unclosed.forgetItems()
        openChildren.forgetItems()
        links.forgetItems()
    }

    /// The tree written, rooted at the first node; the writer is empty afterwards and may write
    /// the next document. Every opened node must have been closed. O(nodes).
    mutating func finish() -> ElementTree {
        precondition(openChildren.count == 1, "ElementTreeWriter.finish: the root must be the only node left open")
        openChildren.forgetItems()
        let tree = ElementTree(moving: nodes, links: links, texts: texts)
        links.forgetItems()
        texts.forgetItems()
        return tree
    }
}
