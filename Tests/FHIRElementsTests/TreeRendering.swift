@testable import FHIRElements

/// Renders a tree with every field it stores, depth first, for comparing trees in tests:
/// `name<type>=value/kind shape index flags@line:column[children]`.
enum TreeRendering {
    static func render(_ element: Element?) -> String {
        guard let element else { return "nil" }
        let value = element.value.map { "=\($0)" } ?? ""
        let type = element.resourceType.map { "<\($0)>" } ?? ""
        let flags = "\(element.valueKind.rawValue)\(element.shape.rawValue)\(element.arrayIndex)\(element.isComplex ? "c" : "")\(element.contentDropped ? "d" : "")\(element.xhtml == nil ? "" : "x")"
        return "\(element.name)\(type)\(value)/\(flags)@\(element.position)[\(element.children.map(render).joined(separator: ","))]"
    }
}
