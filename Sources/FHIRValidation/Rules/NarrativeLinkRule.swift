import FHIRElements

/// Narrative links inside a resource resolve (http://hl7.org/fhir/R4/narrative.html).
///
/// An `a/@href` of the form `#name` points into the resource: to an anchor of its narrative (an
/// `a/@name` or any element's `id`) or to one of its contained resources. A link that reaches
/// neither is an error, as the reference validator reports it ("Hyperlink … does not resolve");
/// `#` alone (the top of the page) always resolves. A contained resource's narrative may also
/// point at its container's anchors and contained resources. Links are not followed across
/// Bundle entries: another entry's narrative is another document.
struct NarrativeLinkRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard let div = resource.child("text")?.child("div"), let xhtml = div.xhtml else { return }
        var targets = Set<String>()
        Self.collectTargets(of: resource, into: &targets)
        if resource.name == "contained", context.resources.count >= 2 {
            Self.collectTargets(of: context.resources[context.resources.count - 2], into: &targets)
        }
        checkLinks(xhtml, path: "div", targets: targets, expression: expression + ".text.div", sink: &sink)
    }

    /// The anchors of a resource's narrative and the ids of its contained resources.
    static func collectTargets(of resource: Element, into targets: inout Set<String>) {
        if let xhtml = resource.child("text")?.child("div")?.xhtml { collectAnchors(xhtml, into: &targets) }
        for contained in resource.children(named: "contained") {
            if let id = contained.childValue("id") { targets.insert(id) }
        }
    }

    private static func collectAnchors(_ node: XMLNode, into targets: inout Set<String>) {
        for attribute in node.attributes where attribute.name == "id" || (attribute.name == "name" && node.name == "a") {
            targets.insert(attribute.value)
        }
        for child in node.children where child.kind == .element { collectAnchors(child, into: &targets) }
    }

    private func checkLinks(_ node: XMLNode, path: String, targets: Set<String>, expression: String, sink: inout IssueSink) {
        for child in node.children where child.kind == .element {
            let childPath = path + "/" + child.name
            if child.name == "a", let href = child.attributes.first(where: { $0.name == "href" }),
               href.value.hasPrefix("#"), href.value.count > 1, !targets.contains(String(href.value.dropFirst())) {
                sink.add(.error, .invalid, "xhtml.link-unresolved",
                         "Hyperlink '\(href.value)' at '\(childPath)' for '\(Self.text(of: child))' does not resolve",
                         expression, href.position)
            }
            checkLinks(child, path: childPath, targets: targets, expression: expression, sink: &sink)
        }
    }

    /// The text inside an element, whitespace runs collapsed (names the link in messages).
    private static func text(of node: XMLNode) -> String {
        node.textContent.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
