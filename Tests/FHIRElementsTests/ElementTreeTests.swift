import Testing
@testable import FHIRElements

/// The tree writer keeps each node's children in the order written however deep the subtrees
/// between them, and a tree's views see what was written.
@Suite struct ElementTreeTests {
    private let position = SourcePosition(line: 2, column: 7)

    private func names(_ element: Element) -> String {
        element.children.isEmpty ? element.name : "\(element.name)(\(element.children.map(names).joined(separator: " ")))"
    }

    @Test func childrenAreKeptInOrderAcrossTheSubtreesBetweenThem() {
        var writer = ElementTreeWriter()
        let root = writer.open()
        let a = writer.open()
        writer.close(writer.open(), name: "a1", position: position)
        let a2 = writer.open()
        writer.close(writer.open(), name: "a2x", position: position)
        writer.close(a2, name: "a2", position: position)
        writer.close(a, name: "a", position: position)
        writer.close(writer.open(), name: "b", value: "v", valueKind: .number, shape: .arrayMember, arrayIndex: 3, position: position)
        writer.close(root, name: "R", position: position, resourceType: "R", isComplex: true)
        let tree = writer.finish()
        #expect(tree.count == 6)
        #expect(names(tree.root) == "R(a(a1 a2(a2x)) b)")
        let b = tree.root.children[1]
        #expect(b.value == "v" && b.valueKind == .number && b.shape == .arrayMember && b.arrayIndex == 3 && b.position == position)
        #expect(tree.root.resourceType == "R" && tree.root.isComplex && !b.isComplex)
        #expect(writer.isEmpty)
    }

    @Test func theWritersStacksGrowPastTheirFirstCapacity() {
        // 100 siblings (the link table and the stack of open children grow) under a chain 40
        // deep (the stack of unclosed nodes grows).
        var writer = ElementTreeWriter()
        let root = writer.open()
        var chain: [ElementTreeWriter.Opened] = []
        for _ in 0..<40 { chain.append(writer.open()) }
        for i in 0..<100 { writer.close(writer.open(), name: "c\(i)", value: "v\(i)", position: position) }
        for (depth, opened) in chain.enumerated().reversed() { writer.close(opened, name: "d\(depth)", position: position) }
        writer.close(root, name: "R", position: position)
        let tree = writer.finish()
        #expect(tree.count == 141)
        var node = tree.root
        for depth in 0..<40 {
            #expect(node.childCount == 1)
            node = node.child(at: 0)
            #expect(node.name == "d\(depth)")
        }
        #expect(node.children.map(\.name) == (0..<100).map { "c\($0)" })
        #expect(node.children.map(\.value) == (0..<100).map { "v\($0)" })
    }

    @Test func aChildCanBeMovedAmongTheChildrenWrittenBeforeIt() {
        var writer = ElementTreeWriter()
        let root = writer.open()
        for name in ["id", "extension", "valueString"] { writer.close(writer.open(), name: name, position: position) }
        writer.close(writer.open(), name: "url", position: position)
        writer.moveLastChild(of: root, to: 2)
        writer.close(root, name: "extension", position: position)
        #expect(names(writer.finish().root) == "extension(id extension url valueString)")
    }

    @Test func aDiscardedDocumentLeavesTheWriterReadyForTheNext() {
        var writer = ElementTreeWriter()
        let root = writer.open()
        writer.close(writer.open(), name: "done", value: String(repeating: "x", count: 40), position: position)
        _ = writer.open()  // left open, as a reader giving up part-way leaves it
        writer.discard()
        #expect(writer.isEmpty)
        _ = root
        let next = writer.open()
        writer.close(next, name: "Next", position: position)
        #expect(names(writer.finish().root) == "Next")
    }

    @Test func anElementMadeWithChildrenCopiesTheirSubtrees() {
        let source = Element(name: "code", children: [
            Element(name: "coding", children: [Element(name: "code", value: "x", position: position)], position: position),
        ], position: position)
        let copy = Element(name: "wrapper", children: [source, source.children[0]], position: position)
        #expect(names(copy) == "wrapper(code(coding(code)) coding(code))")
        #expect(copy.children[0].children[0].child("code")?.value == "x")
        #expect(!(copy.children[0] === source))
        #expect(source.children[0] === source.children[0] && source.children[0] !== source)
        let none: Element? = nil
        #expect(none === nil && source !== none && !(none === source.child("coding")))
    }
}
