import FHIRElements

/// A SearchParameter derived from another (`derivedFrom`, when that one is loaded) keeps its
/// meaning: the same `type` (an error otherwise), bases among the parent's bases (unless the
/// parent applies to every `Resource`), and, as advice, the same expression.
struct SearchParameterRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "SearchParameter", let derivedFrom = resource.childValue("derivedFrom") else { return }
        let definitions = context.store.definitions
        guard let parent = definitions.resource(canonical: derivedFrom)
                ?? derivedFrom.split(separator: "|").first.flatMap({ definitions.resource(canonical: String($0)) }),
              parent.resourceType == "SearchParameter" else { return }
        if let type = resource.childValue("type"), let parentType = parent.childValue("type"), type != parentType {
            sink.add(.error, .invalid, "searchparameter.derived-type",
                     "The type \(type) is different to the type \(parentType) of \(derivedFrom) in the derivedFrom SearchParameter",
                     expression, resource.position)
        }
        let parentBases = Set(parent.children(named: "base").compactMap(\.value))
        if !parentBases.contains("Resource") {
            for (i, base) in resource.children(named: "base").enumerated() where !parentBases.contains(base.value ?? "") {
                sink.add(.error, .invalid, "searchparameter.derived-base",
                         "The base \(base.value ?? "") is not one of the bases of the derivedFrom SearchParameter \(derivedFrom) (\(parentBases.sorted().joined(separator: ", ")))",
                         "\(expression).base[\(i)]", base.position)
            }
        }
        if let own = resource.childValue("expression"), let inherited = parent.childValue("expression"), own != inherited {
            sink.add(.warning, .invalid, "searchparameter.derived-expression",
                     "The expression '\(own)' differs from the expression '\(inherited)' of the derivedFrom SearchParameter \(derivedFrom)",
                     "\(expression).expression", resource.child("expression")?.position ?? resource.position)
        }
    }
}
