import FHIRElements
import FHIRTerminology

/// An ODS code (`Identifier.system` = `https://fhir.nhs.uk/Id/ods-organization-code` or
/// `ods-site-code`) is 3 to 10 upper-case letters and digits (other characters: error; only the
/// length unusual: warning); with ODS data compiled in it must
/// name a known organisation (error) that is not closed (warning). Without ODS data only the
/// format is checked.
struct ODSCodeRule: TypeRule {
    /// The ODS identifier systems (compared as names: lengths first, no hashing of every Identifier's system).
    static let systems = ["https://fhir.nhs.uk/Id/ods-organization-code", "https://fhir.nhs.uk/Id/ods-site-code"]
    let type = "Identifier"

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        guard let system = element.childValue("system"), Self.systems.contains(where: { $0.isSameName(as: system) }),
              let valueElement = element.child("value"), let code = valueElement.value else { return }
        var at: String { "\(expression()).value" }  // written only for a finding
        let charactersValid = code.allUTF8Bytes { (65...90).contains($0) || (48...57).contains($0) }
        guard charactersValid, (3...10).contains(code.utf8.count) else {
            // Wrong characters are certainly wrong; an unusual length only probably (ODS publishes no hard limit).
            sink.add(charactersValid ? .warning : .error, .invalid, "ods-code.invalid",
                     "The ODS code '\(code)' is not valid: ODS codes are 3 to 10 upper-case letters and digits", at, valueElement.position)
            return
        }
        switch context.terminology?.organisation(code: code) ?? .notLoaded {
        case .notLoaded: return
        case .unknown:
            sink.add(.error, .codeInvalid, "ods-code.unknown", "The ODS code '\(code)' is not a known organisation in the compiled ODS data",
                     at, valueElement.position)
        case .found(let organisation):
            guard organisation.status == "C" || organisation.status == "D" else { return }
            let state = organisation.status == "C" ? "closed" : "dormant"
            let since = organisation.closeDate.isEmpty ? "" : " since \(organisation.closeDate)"
            sink.add(.warning, .businessRule, "ods-code.closed",
                     "The ODS code '\(code)' (\(organisation.name)) is \(state)\(since) according to the compiled ODS data (\(organisation.source))",
                     at, valueElement.position)
        }
    }
}
