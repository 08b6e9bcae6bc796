import FHIRElements
import FHIRPath

/// One `StructureDefinition.context` of an extension: where it may be used.
struct ExtensionContext: Sendable {
    /// `element`, `extension` or `fhirpath`.
    let type: String
    let expression: String
}

/// An element that holds extensions, as the walker entered it: its definition path and type.
///
/// The walker keeps one per element it is inside, so a host holds as few references as it can
/// (each is a retain and release per complex element): its definition and type belong to the
/// validator's compiled structures, which outlive the walk that holds the host, and are held
/// unretained; its element is a view that keeps the tree being walked (one reference).
struct ExtensionHost {
    /// The host's definition: a resource's is its structure's root.
    unowned(unsafe) let definition: CompiledElement
    /// The host's type, for an element (nil for a resource, whose type is its resource type).
    unowned(unsafe) let declaredType: CompiledType?
    /// The host element, as a view that does not retain its tree: hosts live on the walker's
    /// stack while their element is validated.
    let node: ElementRef
    var element: Element { node.element }

    init(definition: CompiledElement, declaredType: CompiledType?, element: Element) {
        self.definition = definition
        self.declaredType = declaredType
        node = ElementRef(element)
    }

    /// The definition path (`Patient.name`; the type for a resource).
    var path: String { definition.path }
    /// The type code (`HumanName`; the resource type for a resource).
    var type: String { declaredType?.code ?? element.resourceType ?? definition.path }
}

/// Checks that an extension is used where its definition's `context` allows it (R4
/// extensibility: "the context in which an extension may be used").
///
/// An `element` context matches a host whose definition path or type is the expression, a host
/// whose type derives from it (`Quantity` for an `Age`), a path inside a datatype written from
/// that type (`HumanName.family` for `Patient.name.family`), `Element` anywhere, and `Resource` or
/// `DomainResource` on resources, and a path written from a resource's ancestor
/// (`DomainResource.text` for `Patient.text`). An `extension` context names the URL of the
/// extension that holds it. `fhirpath` contexts, and element contexts naming a type the loaded
/// definitions do not know (R5's `CanonicalResource`), are not judged (no finding).
enum ExtensionContextRule {
    /// Contexts R4 core states wrongly, added when an extension's structure is compiled: its own
    /// snapshots put `structuredefinition-fhir-type` on `ElementDefinition.type` (R5 corrects
    /// the context to that element).
    static let errata: [String: [ExtensionContext]] = [
        "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type": [ExtensionContext(type: "element", expression: "ElementDefinition.type")],
    ]

    static func check(_ extensionElement: Element, url: String, contexts: [ExtensionContext], hosts: ArraySlice<ExtensionHost>,
                      model: FHIRPathModel?, expression: String, sink: inout IssueSink) {
        guard !contexts.isEmpty, let host = hosts.last else { return }
        if contexts.contains(where: { $0.type == "fhirpath" }) { return }
        let parent = hosts.dropLast().last
        for context in contexts where allows(context, host: host, parent: parent, model: model) { return }
        let allowed = contexts.map { ($0.type == "extension" ? "x:" : "e:") + $0.expression }.joined(separator: ", ")
        sink.add(.error, .structure, "extension.context",
                 "The extension \(url) is not allowed to be used at this point (this element is [\(host.type), \(host.path)]; allowed = \(allowed))",
                 expression, extensionElement.position)
    }

    static func allows(_ context: ExtensionContext, host: ExtensionHost, parent: ExtensionHost?, model: FHIRPathModel?) -> Bool {
        switch context.type {
        case "extension":
            return host.type == "Extension" && host.element.childValue("url") == context.expression
        case "element":
            let expression = context.expression
            if expression == "Element" || expression == host.path || expression == host.type { return true }
            if host.element.resourceType != nil, expression == "Resource" || expression == "DomainResource" { return true }
            if let parent, parent.type.first?.isUppercase == true, expression == parent.type + "." + host.element.name { return true }
            guard let model else { return true }
            let head = expression.prefix { $0 != "." }
            if !model.isType(String(head)) { return true }  // a type these definitions do not define: not judged
            if model.isType(host.type, derivedFrom: expression) { return true }
            // A path written from an ancestor of the host's resource: `DomainResource.text` for `Patient.text`.
            if head.count < expression.count, let hostHead = host.path.split(separator: ".").first,
               host.path.dropFirst(hostHead.count) == expression.dropFirst(head.count),
               model.isType(String(hostHead), derivedFrom: String(head)) { return true }
            return false
        default:
            return true
        }
    }
}
