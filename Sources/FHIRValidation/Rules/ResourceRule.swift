import FHIRElements

/// A check that runs once on every resource (root, contained, Bundle entry).
protocol ResourceRule: Sendable {
    func check(_ resource: Element, expression: String, sink: inout IssueSink)
}
