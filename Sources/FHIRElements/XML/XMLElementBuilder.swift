/// Turns a FHIR XML document into the element tree by FHIR's XML rules.
///
/// Applies http://hl7.org/fhir/R4/xml.html: primitive values in `value`
/// attributes, element `id` and extension `url` as attributes, the FHIR
/// namespace, a resource wrapped in its holding element, and the narrative
/// `div` kept as XHTML. Problems of form are issues; building goes on.
struct XMLElementBuilder {
    private(set) var issues: [Issue] = []

    mutating func buildResource(_ root: XMLNode) -> Element? {
        guard root.namespace == XMLNamespace.fhir else {
            report(.fatal, .structure, "xml.wrong-namespace",
                   "This does not appear to be a FHIR resource (wrong namespace '\(root.namespace ?? "")')", root.name, root.position)
            return nil
        }
        checkAttributes(root, path: root.name, allowed: [])
        let children = buildChildren(of: root, path: root.name)
        return Element(name: root.name, children: children, position: root.position, resourceType: root.name)
    }

    private mutating func buildChildren(of node: XMLNode, path: String) -> [Element] {
        var children: [Element] = []
        var counts: [String: Int] = [:]
        for child in node.children {
            switch child.kind {
            case .comment:
                continue
            case .text:
                if child.text.contains(where: { !$0.isWhitespace }) {
                    report(.error, .structure, "xml.text-not-allowed",
                           "Text should not be present ('\(child.text.trimmingCharacters())')", path, child.position)
                }
            case .element:
                let index = counts[child.name, default: 0]
                counts[child.name] = index + 1
                let childPath = "\(path).\(child.name)"
                if child.name == "div" && child.namespace == XMLNamespace.xhtml {
                    children.append(Element(name: "div", position: child.position, xhtml: child))
                    continue
                }
                guard child.namespace == XMLNamespace.fhir else {
                    report(.error, .structure, "xml.wrong-namespace",
                           "Undefined element '\(child.name)' in namespace '\(child.namespace ?? "")' at \(path)", childPath, child.position)
                    continue
                }
                children.append(buildElement(child, path: childPath, arrayIndex: index))
            }
        }
        return children
    }

    private mutating func buildElement(_ node: XMLNode, path: String, arrayIndex: Int) -> Element {
        let value = node.attribute("value")
        var prefix: [Element] = []
        if let id = node.attributes.first(where: { $0.name == "id" }) {
            prefix.append(Element(name: "id", value: id.value, position: id.position))
        }
        let url = node.attributes.first(where: { $0.name == "url" }).map {
            Element(name: "url", value: $0.value, position: $0.position)
        }
        checkAttributes(node, path: path, allowed: ["value", "id", "url"])
        let elementChildren = node.elementChildren
        if value == nil, elementChildren.count == 1, let inner = elementChildren.first,
           inner.namespace == XMLNamespace.fhir, inner.name.first?.isUppercase == true {
            // A resource held by this element (contained, entry.resource, parameter.resource).
            checkAttributes(inner, path: path, allowed: [])
            let children = prefix + buildChildren(of: inner, path: inner.name)
            for text in node.children where text.kind == .text && text.text.contains(where: { !$0.isWhitespace }) {
                report(.error, .structure, "xml.text-not-allowed",
                       "Text should not be present ('\(text.text.trimmingCharacters())')", path, text.position)
            }
            return Element(name: node.name, arrayIndex: arrayIndex, children: children, position: node.position, resourceType: inner.name)
        }
        var children = prefix + buildChildren(of: node, path: path)
        if let url {
            // Extension.url is an attribute in XML; in the definition it follows the nested extensions.
            let at = children.firstIndex { $0.name != "id" && $0.name != "extension" } ?? children.endIndex
            children.insert(url, at: at)
        }
        return Element(name: node.name, value: value, arrayIndex: arrayIndex, children: children, position: node.position)
    }

    private mutating func checkAttributes(_ node: XMLNode, path: String, allowed: Set<String>) {
        for attribute in node.attributes {
            if allowed.contains(attribute.name) || attribute.name == "xmlns" || attribute.name.hasPrefix("xmlns:") { continue }
            report(.error, .structure, "xml.undefined-attribute",
                   "Undefined attribute '@\(attribute.name)' on \(node.name)", path, attribute.position)
        }
    }

    private mutating func report(
        _ severity: Issue.Severity, _ code: IssueCode, _ id: String, _ message: String,
        _ expression: String?, _ position: SourcePosition
    ) {
        issues.append(Issue(severity: severity, code: code, messageID: id, message: message,
                            expression: expression, position: position))
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    func trimmingCharacters() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
