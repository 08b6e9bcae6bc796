/// A node of a parsed XML document: element, text or comment, with its position.
///
/// Used for whole FHIR XML documents while they are read, and kept as the
/// content of narrative `div`s (XHTML) in the element tree.
public final class XMLNode: @unchecked Sendable {
    public enum Kind: UInt8, Sendable { case element, text, comment }

    public struct Attribute: Sendable, Hashable {
        /// The name as written, with its prefix (`xml:lang`, `xmlns`, `href`).
        public var name: String
        public var value: String
        public var position: SourcePosition
    }

    public let kind: Kind
    /// The local element name (elements); empty for text and comments.
    public let name: String
    /// The namespace URI of an element, when declared or inherited.
    public let namespace: String?
    public let attributes: [Attribute]
    /// The text of text and comment nodes.
    public let text: String
    public internal(set) var children: [XMLNode]
    public let position: SourcePosition

    init(
        kind: Kind, name: String = "", namespace: String? = nil, attributes: [Attribute] = [],
        text: String = "", children: [XMLNode] = [], position: SourcePosition
    ) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.children = children
        self.position = position
    }

    /// The value of an attribute by its name as written, or nil. O(attributes).
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The element children, in order.
    public var elementChildren: [XMLNode] { children.filter { $0.kind == .element } }

    /// All text below this node, concatenated.
    public var textContent: String {
        switch kind {
        case .text: return text
        case .comment: return ""
        case .element: return children.map(\.textContent).joined()
        }
    }
}

public enum XMLNamespace {
    public static let fhir = "http://hl7.org/fhir"
    public static let xhtml = "http://www.w3.org/1999/xhtml"
    public static let xml = "http://www.w3.org/XML/1998/namespace"
}
