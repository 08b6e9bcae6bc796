import FHIRDefinitions
import FHIRPath

/// An element's constraint (`ElementDefinition.constraint`), with its FHIRPath parsed once. A class:
/// the walker goes through an element's invariants for every element, copying one reference each.
public final class CompiledInvariant: Sendable {
    public let key: String
    /// `error` or `warning`, as the definition states it.
    public let severity: String
    public let human: String
    public let expression: FHIRPathExpression
    /// The expression compiled to existence tests, when it is made only of those.
    public let predicate: ExistencePredicate?
    /// The native evaluation of a published core constraint (ref-1, vs-1), when there is one.
    let native: NativeInvariant?
    public let bestPractice: Bool
    /// True when the constraint comes from a base definition of the specification (its `source`
    /// is a core type's definition), so validating against the base already evaluates it.
    public let isFromBase: Bool
    /// The finding's message, written once (a failing best-practice constraint such as dom-6
    /// fails on most resources).
    let failureMessage: String

    init(key: String, severity: String, human: String, expression: FHIRPathExpression, predicate: ExistencePredicate?,
         native: NativeInvariant?, bestPractice: Bool, isFromBase: Bool, failureMessage: String) {
        self.key = key
        self.severity = severity
        self.human = human
        self.expression = expression
        self.predicate = predicate
        self.native = native
        self.bestPractice = bestPractice
        self.isFromBase = isFromBase
        self.failureMessage = failureMessage
    }

    /// Constraints checked by native rules instead (the same key is never reported twice):
    /// ele-1 (element.empty), dom-2..5 (ContainedResourceRule), txt-1/txt-2 (NarrativeRules),
    /// bdl-7 (BundleRule).
    static let checkedNatively: Set<String> = ["ele-1", "dom-2", "dom-3", "dom-4", "dom-5", "txt-1", "txt-2", "bdl-7"]

    /// True for a constraint `source` naming a core type's own definition (`…/StructureDefinition/Observation`).
    static func isBaseSource(_ source: String?, definitions: DefinitionProvider?) -> Bool {
        let prefix = "http://hl7.org/fhir/StructureDefinition/"
        guard let source, let definitions, source.hasPrefix(prefix) else { return false }
        let type = String(source.dropFirst(prefix.count))
        guard !type.contains("/"), let base = definitions.structureDefinition(forType: type) else { return false }
        return base.url == source && !base.isConstraint
    }

    /// R4 invariants whose published expression contradicts their own text, with the expression
    /// later releases correct it to (by key and published expression, so only that text is replaced).
    /// que-12 says "more than one enableWhen" but tests `> 2`; R4B and R5 test `> 1`.
    static let errata: [String: (published: String, corrected: String)] = [
        "que-12": ("enableWhen.count() > 2 implies enableBehavior.exists()", "enableWhen.count() > 1 implies enableBehavior.exists()"),
    ]

    /// Compiles the constraints of an element; ones whose FHIRPath does not parse are left out.
    static func compile(_ constraints: [ElementDefinition.Constraint], definitions: DefinitionProvider? = nil) -> [CompiledInvariant] {
        constraints.compactMap { c in
            guard !checkedNatively.contains(c.key), var text = c.expression else { return nil }
            if let erratum = errata[c.key], erratum.published == text { text = erratum.corrected }
            guard let expression = try? FHIRPathParser.parse(text) else { return nil }
            return CompiledInvariant(key: c.key, severity: c.severity, human: c.human, expression: expression,
                                     predicate: ExistencePredicate.compile(expression), native: NativeInvariant(key: c.key, expression: text),
                                     bestPractice: c.bestPractice, isFromBase: isBaseSource(c.source, definitions: definitions),
                                     failureMessage: "Constraint failed: \(c.key): '\(c.human)'")
        }
    }
}
