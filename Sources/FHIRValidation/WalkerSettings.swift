import FHIRElements
import FHIRPath
import FHIRTerminology

/// What every walk of one validator shares: compiled structures (with the type rules they were
/// compiled against), the FHIRPath model, options and terminology. Immutable and made once, so
/// a walker (one per validation, and one per conformance probe) takes it as a single reference.
final class WalkerSettings: @unchecked Sendable {
    let store: SchemaStore
    /// Extension URL prefixes accepted without a definition.
    let allowedExtensionDomains: [String]
    /// The FHIR type model invariants are evaluated with (none: invariants are not evaluated).
    let model: FHIRPathModel?
    let bestPractice: ValidationOptions.BestPractice
    /// Code systems and value sets (none: codes are not checked).
    let terminology: TerminologyProvider?
    /// The R4 vital signs profiles, over `store`.
    let vitalSigns: VitalSignsProfiles

    init(store: SchemaStore, allowedExtensionDomains: [String], model: FHIRPathModel? = nil,
         bestPractice: ValidationOptions.BestPractice = .warning, terminology: TerminologyProvider? = nil) {
        self.store = store
        self.allowedExtensionDomains = allowedExtensionDomains
        self.model = model
        self.bestPractice = bestPractice
        self.terminology = terminology
        vitalSigns = VitalSignsProfiles(store: store)
    }

    /// Whether a resource validates without errors against a profile (a conformance probe);
    /// `resources` are the resources it sits in (a contained resource's %rootResource is still
    /// its container).
    func conforms(_ node: Element, to profile: String, resources: [Element], orderIsSignificant: Bool) -> Bool {
        guard let structure = store.structure(canonical: profile) else { return false }
        guard let type = node.resourceType else { return false }
        guard structure.type == type else { return false }
        var probe = ElementWalker(settings: self, orderIsSignificant: orderIsSignificant, sink: IssueSink(), resourceRules: [])
        probe.resourceStack = resources
        probe.validateResource(node, structure: structure, expression: type)
        return !probe.sink.issues.contains { $0.severity.isError }
    }
}
