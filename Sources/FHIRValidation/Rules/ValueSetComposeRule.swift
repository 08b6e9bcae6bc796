import FHIRElements
import FHIRTerminology

/// Checks a ValueSet resource's `compose` against what can be known offline:
/// - `include.system` / `exclude.system` must be absolute URIs (a contained code system is named by its URL);
/// - a SNOMED CT `constraint` filter must be valid ECL;
/// - listed concepts of SNOMED CT must be well-formed concept ids, and known when a release is
///   compiled in; listed concepts of a loaded, complete code system must exist in it;
/// - filter values must suit the type of the property they filter on (`ValueSetFilterValueCheck`).
struct ValueSetComposeRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "ValueSet", let compose = resource.child("compose") else { return }
        for part in ["include", "exclude"] {
            for (i, item) in compose.children(named: part).enumerated() {
                checkPart(item, expression: "\(expression).compose.\(part)[\(i)]", context: context, sink: &sink)
            }
        }
    }

    private func checkPart(_ item: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard let systemElement = item.child("system"), let system = systemElement.value else { return }
        guard ElementWalker.isAbsolute(system) else {
            sink.add(.error, .invalid, "valueset.system-not-absolute",
                     "URI values in ValueSet.compose.include.system must be absolute ('\(system)'). To reference a contained code system, use its full CodeSystem URL",
                     expression, item.position)
            return
        }
        if system == SnomedIdentifier.system {
            for (j, filter) in item.children(named: "filter").enumerated() where filter.childValue("property") == "constraint" {
                guard let value = filter.childValue("value") else { continue }
                do {
                    _ = try ECLParser.parse(value)
                } catch {
                    sink.add(.error, .invalid, "valueset.invalid-ecl",
                             "The value '\(value)' for the filter constraint is invalid: Invalid ECL: \(error)",
                             "\(expression).filter[\(j)]", filter.position)
                }
            }
        }
        guard let terminology = context.terminology else { return }
        let content = terminology.codeSystem(system, version: item.childValue("version"))
        if let content {
            for (j, filter) in item.children(named: "filter").enumerated() {
                ValueSetFilterValueCheck.check(filter, content: content, terminology: terminology, expression: "\(expression).filter[\(j)]", sink: &sink)
            }
        }
        for (k, concept) in item.children(named: "concept").enumerated() {
            guard let code = concept.childValue("code") else { continue }
            let at = "\(expression).concept[\(k)]"
            switch terminology.lookup(system: system, code: code) {
            case .unknown(let reason):
                sink.add(.error, .codeInvalid, "valueset.unknown-code", "The code '\(code)' is not valid in the system \(system) (\(reason))", at, concept.position)
            case .found, .notLoaded:
                continue
            case .notHandled:
                guard let content, content.isComplete, content.concept(code) == nil else { continue }
                sink.add(.error, .codeInvalid, "valueset.unknown-code",
                         "The code '\(code)' is not valid in the system \(system) (Unknown code '\(code)' in the CodeSystem '\(system)' version '\(content.version ?? "")')",
                         at, concept.position)
            }
        }
    }

}
