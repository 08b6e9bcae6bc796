import FHIRElements
import FHIRPath
import FHIRTerminology

/// The settings of a walker, from which conformance probes (does this resource conform to that
/// profile?) are made without copying the walker itself.
struct ProbeSettings {
    let store: SchemaStore
    let orderIsSignificant: Bool
    let allowedExtensionDomains: [String]
    let typeRules: TypeRuleTable
    let model: FHIRPathModel?
    let bestPractice: ValidationOptions.BestPractice
    let terminology: TerminologyProvider?

    /// Whether a resource validates without errors against a profile; `resources` are the
    /// resources it sits in (a contained resource's %rootResource is still its container).
    func conforms(_ node: Element, to profile: String, resources: [Element]) -> Bool {
        guard let structure = store.structure(canonical: profile) else { return false }
        guard let type = node.resourceType else { return false }
        guard structure.type == type else { return false }
        var probe = ElementWalker(store: store, orderIsSignificant: orderIsSignificant, sink: IssueSink(limit: nil),
                                  resourceRules: [], allowedExtensionDomains: allowedExtensionDomains, typeRules: typeRules,
                                  model: model, bestPractice: bestPractice, terminology: terminology)
        probe.resourceStack = resources
        probe.validateResource(node, structure: structure, expression: type)
        return !probe.sink.issues.contains { $0.severity.isError }
    }
}
