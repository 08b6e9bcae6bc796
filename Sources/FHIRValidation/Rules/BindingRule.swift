import FHIRDefinitions
import FHIRElements
import FHIRPath
import FHIRTerminology

/// A compiled value set binding of an element.
public final class CompiledBinding: Sendable {
    /// `required`, `extensible`, `preferred` or `example`.
    public let strength: String
    /// The value set canonical, as the definition states it (perhaps with `|version`).
    public let valueSet: String
    /// The value set canonical without a version.
    public let canonical: String
    /// True for an implicit SNOMED CT value set (`http://snomed.info/sct?fhir_vs…`), which has
    /// no ValueSet resource to expand.
    public let isImplicitValueSet: Bool
    /// True for `required` and `extensible` bindings, the ones codes are checked against.
    let isChecked: Bool
    let isRequired: Bool
    /// True for `CapabilityStatement.format`, whose definition also allows 'xml', 'json' and 'ttl'.
    let allowsFormatShorthands: Bool
    /// The terminology the value set is resolved in (the validator's, which compiled this binding).
    private let terminology: TerminologyProvider?
    /// The value set's expansion in `terminology`, looked up on first use.
    private let resolved = LazySlot<BindingResolution?>()

    init(strength: String, valueSet: String, path: String = "", terminology: TerminologyProvider?) {
        self.terminology = terminology
        self.valueSet = valueSet
        canonical = valueSet.split(separator: "|").first.map(String.init) ?? valueSet
        isImplicitValueSet = canonical.utf8.split(separator: UInt8(ascii: "?"), maxSplits: 1).dropFirst().first?.starts(with: "fhir_vs".utf8) ?? false
        self.strength = Self.errata[path + " " + canonical] ?? strength
        isRequired = self.strength == "required"
        isChecked = isRequired || self.strength == "extensible"
        allowsFormatShorthands = path.hasSuffix("CapabilityStatement.format")
    }

    /// The expansion of the bound value set (by the versioned canonical, else the plain one) in
    /// the validator's terminology, looked up once: the hot path then needs no cache lookups by
    /// URL. Nil without a terminology. O(1).
    var resolution: BindingResolution? {
        resolved.value { terminology.map { BindingResolution(self, $0) } }
    }

    /// Bindings R4 publishes with a strength that cannot hold, and the strength the HL7 validator
    /// applies: the vital signs profiles bind the UCUM units value set `required` on
    /// `Observation.component.value[x]`, a choice that also allows CodeableConcept, string, ….
    static let errata: [String: String] = [
        "Observation.component.value[x] http://hl7.org/fhir/ValueSet/ucum-vitals-common": "extensible",
    ]
}

/// What a binding's value set is in one terminology.
final class BindingResolution: Sendable {
    let expansion: ValueSetExpansion?
    /// A small expansion's codes as a list (most bindings: administrative-gender, name-use, …):
    /// scanning a few codes, lengths compared first, is cheaper than hashing a String. Nil for
    /// a large expansion (or none).
    private let fewCodes: SmallCodeList?
    /// A large expansion's codes without their systems, for `code` elements (which carry no
    /// system): one lookup instead of one per system of the value set. Made on first use, so
    /// only large bindings of `code` elements hold a second set.
    private let codesInAnySystem = LazySlot<Set<String>>()

    init(_ binding: CompiledBinding, _ terminology: TerminologyProvider) {
        expansion = terminology.expansion(of: binding.valueSet) ?? terminology.expansion(of: binding.canonical)
        fewCodes = expansion.flatMap { $0.isComplete ? SmallCodeList($0) : nil }
    }

    /// Whether a complete expansion holds the code (in `system` when given, else in any of its
    /// systems); nil when there is none or it is incomplete. O(1).
    func completeExpansionContains(system: String?, code: String) -> Bool? {
        guard let expansion, expansion.isComplete else { return nil }
        if let fewCodes { return fewCodes.contains(system: system, code: code) }
        guard let system else {
            // Exactly what `ValueSetExpansion.contains(code:)` answers: a code in one of its systems.
            return codesInAnySystem.value {
                Set(expansion.codes.lazy.filter { expansion.systems.contains($0.system) }.map(\.code))
            }.contains(code)
        }
        return expansion.contains(system: system, code: code)
    }
}

extension ElementWalker {
    /// Checks coded values against their binding and against the code systems that are loaded.
    ///
    /// - A `code`, `Coding`, `CodeableConcept` or `Quantity` bound `required` must hold a code
    ///   of the value set (error), `extensible` should (warning); `preferred`/`example` are not checked.
    /// - When the value set cannot be fully expanded offline, a missing code is a warning
    ///   saying it could not be checked, never an error.
    /// - Every Coding whose system is a loaded, complete CodeSystem must use one of its codes
    ///   (error), with a display that is one of the concept's designations (warning).
    mutating func checkCodes(_ element: Element, definition: CompiledElement, type: CompiledType, path: ExpressionPath) {
        guard type.coded != .none, let terminology else { return }
        // A Coding's (or Quantity's) system and code, read once for both checks.
        let systemAndCode: (system: String, code: String)? = type.coded == .coding || type.coded == .quantity
            ? element.childValueBytes("system").flatMap { system in
                element.childValue("code").map { (CodeSystemURIs.text(system), $0) }
            } : nil
        // A code's validity in its code system does not depend on the profile: the base pass checked
        // it. A CodeableConcept's codings are Coding elements, checked when the walk reached them.
        if !isProfilePass, let (system, code) = systemAndCode {  // a Quantity's system and code are checked like a Coding's
            checkCodeSystem(element, system: system, code: code, terminology: terminology, expression: path.text)
        }
        guard let binding = definition.binding, binding.isChecked,
              !(isProfilePass && definition.bindingMatchesBase) else { return }
        // The expansion is read in place from the shared resolution, never copied.
        guard let resolution = binding.resolution else { return }
        func member(_ system: String?, _ code: String) -> Membership? {
            // A complete expansion answers directly, as `membership` would from it.
            if let isMember = resolution.completeExpansionContains(system: system, code: code) {
                return isMember ? .member : .notMember
            }
            return terminology.membership(system: system, code: code, valueSet: binding.valueSet)
                ?? terminology.membership(system: system, code: code, valueSet: binding.canonical)
        }
        // A value set that is not loaded is reported by the compiler's binding check, not per value.
        guard resolution.expansion != nil || binding.isImplicitValueSet else { return }
        let required = binding.isRequired
        let severity: Issue.Severity = required ? .error : .warning
        // Message parts, built only when a finding is reported.
        var label: String { "'\(resolution.expansion?.name ?? binding.canonical)' (\(binding.canonical))" }
        var tail: String {
            required ? "and a code is required from this value set" : "and a code should come from this value set unless it has no suitable code"
        }
        switch type.coded {
        case .none:
            return
        case .code:
            // CapabilityStatement.format also allows the shorthands 'xml', 'json' and 'ttl' (R4, its definition).
            if binding.allowsFormatShorthands, ["xml", "json", "ttl"].contains(element.value ?? "") { return }
            // A malformed value is reported by the primitive rules; the binding adds nothing.
            guard let code = element.value, element.valueKind == .string, PrimitiveFormat.problem(code, as: .code) == nil,
                  let result = member(nil, code), result != .member else { return }
            report(result, severity, "The value provided ('\(code)') is not in the value set \(label), \(tail)", path.text, element)
        case .coding:
            guard let (system, code) = systemAndCode, let result = member(system, code), result != .member else { return }
            report(result, severity, "The Coding provided (\(system)#\(code)) is not in the value set \(label), \(tail)", path.text, element)
        case .codeableConcept:
            // Fails when some coding was judged and none is a member; an undecided one explains why.
            var judged = false
            var undecided: Membership?
            var slot = 0
            while let found = element.nextChildSlot(from: slot, where: { $0.isText("coding") }) {
                slot = found + 1
                let coding = ElementRef(element).child(at: found)
                guard let system = coding.childValueBytes("system").map(CodeSystemURIs.text),
                      let code = coding.childValueBytes("code").map({ String(decoding: $0, as: UTF8.self) }),
                      let result = member(system, code) else { continue }
                if result == .member { return }
                judged = true
                if undecided == nil, case .unknown = result { undecided = result }
            }
            guard judged else { return }
            report(undecided ?? .notMember, severity, "None of the codings provided are in the value set \(label), \(tail)", path.text, element)
        case .quantity:
            guard let (system, code) = systemAndCode, resolution.expansion?.systems.contains(system) ?? true,
                  let result = member(system, code), result != .member else { return }
            report(result, severity, "The unit (\(system)#\(code)) is not in the value set \(label), \(tail)", path.text, element)
        }
    }

    private mutating func report(_ result: Membership, _ severity: Issue.Severity, _ message: String, _ expression: String, _ element: Element) {
        switch result {
        case .member: return
        case .notMember:
            sink.add(severity, .codeInvalid, "binding.not-in-value-set", message, expression, element.position)
        case .unknown(let reason):
            sink.add(.warning, .notFound, "binding.not-checked",
                     message + " (this could not be checked offline: \(reason))", expression, element.position)
        }
    }

    /// `expression` is built only when a finding is reported.
    private mutating func checkCodeSystem(_ coding: Element, system: String, code: String, terminology: TerminologyProvider,
                                          expression: @autoclosure () -> String) {
        switch terminology.lookup(system: system, code: code) {
        case .found(let concept):
            checkReleaseConcept(concept, coding: coding, system: system, code: code, expression: expression())
            return
        case .unknown(let reason):
            sink.add(.error, .codeInvalid, "code.unknown", reason, "\(expression()).code", coding.child("code")?.position ?? coding.position)
            return
        case .notLoaded:
            return  // bindings report it, naming the release to compile in
        case .notHandled:
            break
        }
        guard let content = terminology.codeSystem(system, version: coding.childValue("version")) else { return }
        if content.isSupplement {
            sink.add(.error, .businessRule, "code.system-is-supplement",
                     "CodeSystem \(system) is a supplement, so can't be used as a value in Coding.system", "\(expression()).system",
                     coding.child("system")?.position ?? coding.position)
            return
        }
        guard content.isComplete else { return }
        guard let concept = content.concept(code) else {
            sink.add(.error, .codeInvalid, "code.unknown",
                     "Unknown code '\(code)' in the CodeSystem '\(system)' version '\(content.version ?? "")'", "\(expression()).code",
                     coding.child("code")?.position ?? coding.position)
            return
        }
        if let display = coding.childValue("display"), let expected = concept.display,
           display != expected, !concept.designations.contains(display),
           display.lowercased() != expected.lowercased() {
            sink.add(.warning, .invalid, "code.wrong-display",
                     "Wrong Display Name '\(display)' for \(system)#\(code). Valid display is '\(expected)'", "\(expression()).display",
                     coding.child("display")?.position ?? coding.position)
        }
    }

    /// An inactive concept is a warning naming it; a display that is none of its terms a warning.
    private mutating func checkReleaseConcept(_ concept: ConceptDetails, coding: Element, system: String, code: String,
                                             expression: @autoclosure () -> String) {
        if concept.inactive {
            sink.add(.warning, .businessRule, "code.inactive", "The concept \(concept.label) is inactive in \(system)",
                     "\(expression()).code", coding.child("code")?.position ?? coding.position)
        }
        guard let display = coding.childValue("display"), !concept.designations.isEmpty else { return }
        // Most displays are one of the terms as written: found without lower-casing every term.
        guard !concept.designations.contains(display) else { return }
        let lowered = display.lowercased()
        guard !concept.designations.contains(where: { $0.lowercased() == lowered }) else { return }
        sink.add(.warning, .invalid, "code.wrong-display",
                 "Wrong Display Name '\(display)' for \(system)#\(code). Valid display is '\(concept.display ?? concept.designations[0])'",
                 "\(expression()).display", coding.child("display")?.position ?? coding.position)
    }
}
