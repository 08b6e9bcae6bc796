import FHIRElements

/// Safety and form of narrative XHTML (R4 txt-1, txt-2; http://hl7.org/fhir/R4/narrative.html).
///
/// Only the HTML 4 formatting elements and attributes the specification lists are
/// allowed: no scripts, forms, event handlers, or `javascript:` links.
enum NarrativeRules {
    static let allowedElements: Set<String> = [
        "p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "em", "i", "strong",
        "small", "big", "tt", "dfn", "q", "var", "abbr", "acronym", "cite", "blockquote", "hr",
        "address", "bdo", "kbd", "sub", "sup", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table",
        "caption", "colgroup", "col", "thead", "tr", "tfoot", "tbody", "th", "td", "code", "samp",
        "img", "map", "area", "u", "s", "ins", "del", "strike", "center", "font", "label",
    ]

    static let allowedAttributes: Set<String> = [
        "title", "style", "class", "id", "lang", "xml:lang", "dir", "accesskey", "tabindex",
        "span", "width", "align", "valign", "char", "charoff", "abbr", "axis", "headers", "scope",
        "rowspan", "colspan", "border", "cellpadding", "cellspacing", "summary", "frame", "rules",
        "href", "name", "src", "alt", "height", "longdesc", "cite", "datetime", "start", "type",
        "value", "compact", "shape", "coords", "nowrap", "bgcolor", "color", "size", "face",
    ]

    static func check(_ element: Element, expression: String, sink: inout IssueSink) {
        guard let div = element.xhtml else {
            if element.value == nil {
                sink.add(.error, .invalid, "xhtml.missing", "The narrative div has no XHTML content", expression, element.position)
            }
            return
        }
        guard div.name == "div", div.namespace == XMLNamespace.xhtml else {
            sink.add(.error, .invalid, "xhtml.root",
                     "Wrong name or namespace on the XHTML ('\(div.name)' in '\(div.namespace ?? "")'): it must be a div in \(XMLNamespace.xhtml)",
                     expression, div.position)
            return
        }
        var outsideHTML4 = false
        checkNode(div, expression: expression, outsideHTML4: &outsideHTML4, sink: &sink)
        if outsideHTML4 {
            // txt-1 is this rule: the specific findings say where; the constraint fails once.
            sink.add(.error, .invariant, "txt-1",
                     "Constraint failed: txt-1: 'The narrative SHALL contain only the basic html formatting elements and attributes described in chapters 7-11 (except section 4 of chapter 9) and 15 of the HTML 4.0 standard, <a> elements (either name or href), images and internally contained style attributes'",
                     expression, div.position)
        }
        if !hasContent(div) {
            sink.add(.error, .invariant, "txt-2",
                     "Constraint failed: txt-2: 'The narrative SHALL have some non-whitespace content'", expression, div.position)
        }
    }

    private static func checkNode(_ node: XMLNode, expression: String, outsideHTML4: inout Bool, sink: inout IssueSink) {
        for child in node.children where child.kind == .element {
            if !allowedElements.contains(child.name) || child.namespace != XMLNamespace.xhtml {
                sink.add(.error, .invalid, "xhtml.element",
                         "Illegal element name in the XHTML ('\(child.name)')", expression, child.position)
                outsideHTML4 = true
                continue
            }
            for attribute in child.attributes {
                let name = attribute.name
                if name == "xmlns" || name.hasPrefix("xmlns:") { continue }
                if name == "xml:space" {
                    sink.add(.information, .invalid, "xhtml.xml-space",
                             "The attribute 'xml:space' is legal but has a fixed value of 'preserve'. Its use is discouraged",
                             expression, attribute.position)
                    continue
                }
                if !allowedAttributes.contains(name) {
                    sink.add(.error, .invalid, "xhtml.attribute",
                             "Illegal attribute name in the XHTML ('\(name)' on '\(child.name)')", expression, attribute.position)
                    outsideHTML4 = true
                } else if (name == "href" || name == "src"),
                          attribute.value.trimmingPrefixWhitespace().lowercased().hasPrefix("javascript:") {
                    sink.add(.error, .invalid, "xhtml.script-url",
                             "Illegal value in the XHTML: '\(name)' on '\(child.name)' must not be a javascript: URL", expression, attribute.position)
                }
            }
            checkNode(child, expression: expression, outsideHTML4: &outsideHTML4, sink: &sink)
        }
    }

    private static func hasContent(_ node: XMLNode) -> Bool {
        for child in node.children {
            switch child.kind {
            case .text where child.text.contains(where: { !$0.isWhitespace }): return true
            case .element where child.name == "img" || hasContent(child): return true
            default: continue
            }
        }
        return false
    }
}

extension String {
    func trimmingPrefixWhitespace() -> Substring { drop(while: { $0.isWhitespace }) }
}
