import FHIRElements

/// A CapabilityStatement's search parameters agree with the SearchParameter each names in
/// `definition` (when that is loaded): the declared `type` is the definition's type.
struct CapabilityStatementRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "CapabilityStatement" else { return }
        for (r, rest) in resource.children(named: "rest").enumerated() {
            for (t, type) in rest.children(named: "resource").enumerated() {
                for (p, parameter) in type.children(named: "searchParam").enumerated() {
                    guard let canonical = parameter.childValue("definition"), let declared = parameter.childValue("type"),
                          let definition = context.store.definitions.resource(canonical: canonical)
                            ?? canonical.split(separator: "|").first.flatMap({ context.store.definitions.resource(canonical: String($0)) }),
                          definition.resourceType == "SearchParameter", let actual = definition.childValue("type"), actual != declared else { continue }
                    sink.add(.error, .structure, "capability.search-type",
                             "Type mismatch - SearchParameter '\(canonical)' type is \(actual), but type here is \(declared)",
                             "\(expression).rest[\(r)].resource[\(t)].searchParam[\(p)]", parameter.position)
                }
            }
        }
    }
}
