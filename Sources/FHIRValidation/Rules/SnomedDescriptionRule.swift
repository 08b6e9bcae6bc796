import FHIRElements
import FHIRTerminology

/// A SNOMED CT Coding that names a description (the core `coding-sctdescid` extension, or UK
/// Core's `Extension-UKCore-CodingSCTDescId` with its `descriptionId`) must name a valid
/// description id (error), which — with a release compiled in — exists and belongs to the
/// Coding's concept (error); a description display (`descriptionDisplay`, or UK Core's
/// `Extension-UKCore-CodingSCTDescDisplay`) should be that description's term (warning).
struct SnomedDescriptionRule: TypeRule {
    static let coreExtension = "http://hl7.org/fhir/StructureDefinition/coding-sctdescid"
    static let ukCoreExtension = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CodingSCTDescId"
    static let ukCoreDisplay = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-CodingSCTDescDisplay"
    let type = "Coding"

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        // Most Codings have no extension: told before a list of them is made.
        guard element.childValueBytes("system")?.isText(SnomedIdentifier.system) == true, element.childSlot("extension") != nil,
              let terminology = context.terminology else { return }
        for (i, extensionElement) in element.children(named: "extension").enumerated() {
            guard let (idElement, display) = Self.descriptionReference(extensionElement, parent: element), let id = idElement.value else { continue }
            var at: String { "\(expression()).extension[\(i)]" }  // written only for a finding
            switch terminology.snomedDescription(id) {
            case .notLoaded: continue
            case .invalid(let reason):
                sink.add(.error, .codeInvalid, "snomed.description-invalid", "The SNOMED CT description id '\(id)' is not valid: \(reason)", at, idElement.position)
            case .found(let description):
                if let code = element.childValue("code"), String(description.concept) != code {
                    sink.add(.error, .codeInvalid, "snomed.description-wrong-concept",
                             "The SNOMED CT description \(id) (\(description.term)) belongs to concept \(description.concept), not to \(code)",
                             at, idElement.position)
                }
                if let display, display.value != description.term {
                    sink.add(.warning, .invalid, "snomed.description-wrong-display",
                             "The description display '\(display.value ?? "")' is not the term of SNOMED CT description \(id) ('\(description.term)')",
                             at, display.position)
                }
            }
        }
    }

    /// The element holding the description id, and the display given for it, of an extension
    /// that names a description.
    static func descriptionReference(_ ext: Element, parent: Element) -> (Element, Element?)? {
        let displayExtension = parent.children(named: "extension").first { $0.childValue("url") == ukCoreDisplay }
        let display = displayExtension?.children.first { $0.name.hasPrefix("value") }
        switch ext.childValue("url") {
        case coreExtension:
            return ext.child("valueId").map { ($0, display) }
        case ukCoreExtension:
            let parts = ext.children(named: "extension")
            guard let idPart = parts.first(where: { $0.childValue("url") == "descriptionId" }),
                  let value = idPart.child("valueId") ?? idPart.child("valueIdentifier")?.child("value") ?? idPart.child("valueString") else { return nil }
            let ownDisplay = parts.first { $0.childValue("url") == "descriptionDisplay" }?.children.first { $0.name.hasPrefix("value") }
            return (value, ownDisplay ?? display)
        default:
            return nil
        }
    }
}
