import FHIRDefinitions
import FHIRElements
import FHIRPath
import FHIRTerminology

/// A compiled value set binding of an element.
public struct CompiledBinding: Sendable {
    /// `required`, `extensible`, `preferred` or `example`.
    public let strength: String
    /// The value set canonical, as the definition states it (perhaps with `|version`).
    public let valueSet: String
    /// The value set canonical without a version.
    public let canonical: String

    init(strength: String, valueSet: String) {
        self.strength = strength
        self.valueSet = valueSet
        canonical = valueSet.split(separator: "|").first.map(String.init) ?? valueSet
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
    mutating func checkCodes(_ element: Element, definition: CompiledElement, typeCode: String, expression: String) {
        guard let terminology else { return }
        let codings: [Element]
        switch typeCode {
        case "Coding": codings = [element]
        case "CodeableConcept": codings = element.children(named: "coding")
        case "code": codings = []
        default:
            guard FHIRPathValue.quantityTypes.contains(typeCode) else { return }
            codings = []
        }
        for (i, coding) in codings.enumerated() {
            let codingExpression = typeCode == "CodeableConcept" ? "\(expression).coding[\(i)]" : expression
            checkCodeSystem(coding, terminology: terminology, expression: codingExpression)
        }
        guard let binding = definition.binding, binding.strength == "required" || binding.strength == "extensible" else { return }
        guard let expansion = terminology.expansion(of: binding.valueSet) ?? terminology.expansion(of: binding.canonical) else { return }
        let canonical = binding.canonical
        let label = "'\(expansion.name ?? canonical)' (\(canonical))"
        let required = binding.strength == "required"
        let severity: Issue.Severity = required ? .error : .warning
        let tail = required ? "and a code is required from this value set" : "and a code should come from this value set unless it has no suitable code"
        switch typeCode {
        case "code":
            // A malformed value is reported by the primitive rules; the binding adds nothing.
            guard let code = element.value, element.valueKind == .string, PrimitiveFormat.problem(code, as: .code) == nil,
                  !expansion.contains(code: code) else { return }
            report(expansion.isComplete, severity, "The value provided ('\(code)') is not in the value set \(label), \(tail)", expression, element)
        case "Coding":
            guard let code = element.childValue("code"), let system = element.childValue("system"),
                  !expansion.contains(system: system, code: code) else { return }
            let decidable = expansion.isComplete || terminology.codeSystem(system)?.isComplete == true && expansion.systems.contains(system)
            report(decidable, severity, "The Coding provided (\(system)#\(code)) is not in the value set \(label), \(tail)", expression, element)
        case "CodeableConcept":
            let pairs = codings.compactMap { c -> (String, String)? in
                guard let system = c.childValue("system"), let code = c.childValue("code") else { return nil }
                return (system, code)
            }
            guard !pairs.isEmpty, !pairs.contains(where: { expansion.contains(system: $0.0, code: $0.1) }) else { return }
            report(expansion.isComplete, severity, "None of the codings provided are in the value set \(label), \(tail)", expression, element)
        default:
            guard let code = element.childValue("code"), let system = element.childValue("system"),
                  expansion.systems.contains(system), !expansion.contains(system: system, code: code) else { return }
            report(expansion.isComplete, severity, "The unit (\(system)#\(code)) is not in the value set \(label), \(tail)", expression, element)
        }
    }

    private mutating func report(_ decidable: Bool, _ severity: Issue.Severity, _ message: String, _ expression: String, _ element: Element) {
        if decidable {
            sink.add(severity, .codeInvalid, "binding.not-in-value-set", message, expression, element.position)
        } else {
            sink.add(.warning, .notFound, "binding.not-checked",
                     message + " (not all of the value set's code systems are loaded, so this could not be checked; compile in the terminology it uses)",
                     expression, element.position)
        }
    }

    private mutating func checkCodeSystem(_ coding: Element, terminology: TerminologyProvider, expression: String) {
        guard let system = coding.childValue("system"), let code = coding.childValue("code") else { return }
        let version = coding.childValue("version")
        guard let content = terminology.codeSystem(version.map { system + "|" + $0 } ?? system) ?? terminology.codeSystem(system),
              content.isComplete else { return }
        guard let concept = content.concept(code) else {
            sink.add(.error, .codeInvalid, "code.unknown",
                     "Unknown code '\(code)' in the CodeSystem '\(system)' version '\(content.version ?? "")'", "\(expression).code",
                     coding.child("code")?.position ?? coding.position)
            return
        }
        if let display = coding.childValue("display"), let expected = concept.display,
           display != expected, !concept.designations.contains(display),
           display.lowercased() != expected.lowercased() {
            sink.add(.warning, .invalid, "code.wrong-display",
                     "Wrong Display Name '\(display)' for \(system)#\(code). Valid display is '\(expected)'", "\(expression).display",
                     coding.child("display")?.position ?? coding.position)
        }
    }
}
