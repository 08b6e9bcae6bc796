/// Turns a FHIR XML document into the element tree by FHIR's XML rules.
///
/// Applies http://hl7.org/fhir/R4/xml.html: primitive values in `value`
/// attributes, element `id` and extension `url` as attributes, the FHIR
/// namespace, a resource wrapped in its holding element, and the narrative
/// `div` kept as XHTML. Problems of form are issues; building goes on.
struct XMLElementBuilder {
    private(set) var issues: [Issue] = []
    /// Where the tree is written.
    private var writer = ElementTreeWriter()

    mutating func buildResource(_ root: XMLNode) -> Element? {
        guard root.namespace == XMLNamespace.fhir else {
            report(.fatal, .structure, "xml.wrong-namespace",
                   "This does not appear to be a FHIR resource (wrong namespace '\(root.namespace ?? "")')", root.name, root.position)
            return nil
        }
        checkAttributes(root, path: root.name, allowed: [])
        let opened = writer.open()
        buildChildren(of: root, path: root.name)
        writer.close(opened, name: root.name, position: root.position, resourceType: root.name)
        return writer.finish().root
    }

    /// Writes the elements below `node` as children of the open element.
    private mutating func buildChildren(of node: XMLNode, path: String) {
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
                    writer.close(writer.open(), name: "div", position: child.position, xhtml: child)
                    continue
                }
                guard child.namespace == XMLNamespace.fhir else {
                    report(.error, .structure, "xml.wrong-namespace",
                           "Undefined element '\(child.name)' in namespace '\(child.namespace ?? "")' at \(path)", childPath, child.position)
                    continue
                }
                buildElement(child, path: childPath, arrayIndex: index)
            }
        }
    }

    private mutating func buildElement(_ node: XMLNode, path: String, arrayIndex: Int) {
        let value = node.attribute("value")
        let opened = writer.open()
        if let id = node.attributes.first(where: { $0.name == "id" }) {
            writer.close(writer.open(), name: "id", value: id.value, position: id.position)
        }
        let url = node.attributes.first(where: { $0.name == "url" })
        checkAttributes(node, path: path, allowed: ["value", "id", "url"])
        let elementChildren = node.elementChildren
        if value == nil, elementChildren.count == 1, let inner = elementChildren.first,
           inner.namespace == XMLNamespace.fhir, inner.name.first?.isUppercase == true {
            // A resource held by this element (contained, entry.resource, parameter.resource).
            checkAttributes(inner, path: path, allowed: [])
            buildChildren(of: inner, path: inner.name)
            for text in node.children where text.kind == .text && text.text.contains(where: { !$0.isWhitespace }) {
                report(.error, .structure, "xml.text-not-allowed",
                       "Text should not be present ('\(text.text.trimmingCharacters())')", path, text.position)
            }
            writer.close(opened, name: node.name, arrayIndex: arrayIndex, position: node.position, resourceType: inner.name)
            return
        }
        buildChildren(of: node, path: path)
        if let url {
            // Extension.url is an attribute in XML; in the definition it follows the nested extensions.
            let written = writer.children(of: opened)
            let at = written.firstIndex { $0 != "id" && $0 != "extension" } ?? written.count
            writer.close(writer.open(), name: "url", value: url.value, position: url.position)
            writer.moveLastChild(of: opened, to: at)
        }
        writer.close(opened, name: node.name, value: value, arrayIndex: arrayIndex, position: node.position)
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
