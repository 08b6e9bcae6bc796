import FHIRElements

/// The DomainResource rules on contained resources (R4 dom-2, dom-3, dom-4, dom-5).
struct ContainedResourceRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        // Most resources contain none: told before a list of them is made.
        guard resource.childSlot("contained") != nil else { return }
        let contained = resource.children(named: "contained")
        var references = Set<String>()
        collectLocalReferences(resource, into: &references)
        for (i, item) in contained.enumerated() {
            let itemExpression = "\(expression).contained[\(i)]"
            if item.child("contained") != nil {
                sink.add(.error, .invariant, "dom-2",
                         "Constraint failed: dom-2: 'If the resource is contained in another resource, it SHALL NOT contain nested Resources'",
                         itemExpression, item.position)
            }
            if let meta = item.child("meta") {
                if meta.child("versionId") != nil || meta.child("lastUpdated") != nil {
                    sink.add(.error, .invariant, "dom-4",
                             "Constraint failed: dom-4: 'If a resource is contained in another resource, it SHALL NOT have a meta.versionId or a meta.lastUpdated'",
                             itemExpression, item.position)
                }
                if meta.child("security") != nil {
                    sink.add(.error, .invariant, "dom-5",
                             "Constraint failed: dom-5: 'If a resource is contained in another resource, it SHALL NOT have a security label'",
                             itemExpression, item.position)
                }
            }
            guard let id = item.childValue("id") else {
                sink.add(.error, .invalid, "contained.no-id",
                         "Contained resources must have an id", itemExpression, item.position)
                continue
            }
            var own = Set<String>()
            collectLocalReferences(item, into: &own)
            if !references.contains("#" + id) && !own.contains("#") {
                sink.add(.error, .invalid, "dom-3",
                         "The contained resource '\(id)' is not referenced to from elsewhere in the containing resource nor does it refer to the containing resource (dom-3)",
                         itemExpression, item.position)
            }
        }
    }

    /// Every primitive value starting with `#` below an element (references, canonicals, uris),
    /// and the `#` links of narrative (`a/@href`, `img/@src`), which the reference validator counts too.
    private func collectLocalReferences(_ element: Element, into set: inout Set<String>) {
        for child in element.children {
            if let value = child.value, value.hasPrefix("#") { set.insert(value) }
            if let xhtml = child.xhtml { collectLinks(xhtml, into: &set) }
            if !child.children.isEmpty { collectLocalReferences(child, into: &set) }
        }
    }

    private func collectLinks(_ node: XMLNode, into set: inout Set<String>) {
        for attribute in node.attributes where (attribute.name == "href" || attribute.name == "src") && attribute.value.hasPrefix("#") {
            set.insert(attribute.value)
        }
        for child in node.children where child.kind == .element { collectLinks(child, into: &set) }
    }
}
