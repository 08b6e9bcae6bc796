/// Buffers that one thread reuses across the documents it parses.
///
/// A JSON document's tape and the builder's stacks are a few kilobytes per document: allocated
/// afresh for each, they cost a large allocation and free per record (glibc serves such sizes
/// from its large bins, consolidating its small-chunk caches each time). A batch gives each of
/// its threads one workspace; parsing then allocates only what the element tree keeps, and
/// the texts documents repeat are made once.
/// Not thread-safe: one workspace per thread.
public final class ParseWorkspace {
    var entries: [JSONTape.Entry] = []
    var ancestors: [JSONElementBuilder.Trail] = []
    var pending: [JSONElementBuilder.PendingProperty] = []
    var keys: [Int] = []
    /// The tree writer's buffers (its nodes, links and stack), kept between documents.
    var writer: ElementTreeWriter?
    /// The texts this thread's documents repeat (element names, codes), made once; nil until a
    /// second document is parsed (one document repeats none of another's, and a workspace made
    /// for a single record should not pay for the table).
    private(set) var strings: StringInterner?
    private var documentsStarted = 0

    public init() {}

    /// The kept tree writer, taken out (so that its buffers have one owner while it writes). O(1).
    func takeWriter() -> ElementTreeWriter? {
        defer { writer = nil }
        return writer
    }

    /// The kept texts for the document about to be built: none for a workspace's first. O(1)
    /// after the table is made.
    func stringsForNextDocument() -> StringInterner? {
        documentsStarted += 1
        if strings == nil, documentsStarted > 1 { strings = StringInterner() }
        return strings
    }
}
