import FHIRElements
import Foundation

/// The environment of one evaluation: the resource, variables, the type model, options.
public struct EvaluationContext: Sendable {
    /// `%resource` / `%context` and the root of navigation.
    public var resource: FHIRPathValue?
    /// `%rootResource` (the container of a contained resource).
    public var rootResource: FHIRPathValue?
    /// `%context`: the element an invariant is evaluated on (defaults to the resource).
    public var contextElement: FHIRPathValue?
    /// `%name` variables (without `%`), besides the built-in ones.
    public var variables: [String: [FHIRPathValue]]
    public var model: FHIRPathModel?
    /// Report paths that cannot exist on their type as errors (semantic checking).
    public var strict: Bool
    /// Check, with the model, that a name which finds nothing is defined on the input's type (a
    /// semantic error when not). Invariants of loaded definitions, evaluated for every element,
    /// turn it off: a name that finds nothing there is simply empty; typed choice names
    /// (`valueQuantity`, which FHIRPath does not navigate) are still rejected.
    public var checksMissingNames = true
    /// The instant `now()` and `today()` report.
    public var now: Date
    /// Answers `conformsTo(profile)`: true/false, or nil when the profile is unknown (an error).
    public var conformsTo: (@Sendable (Element, String) -> Bool?)?
    /// Let `is`/`as`/`ofType` with a System type (`Boolean`, `String`, …) also match FHIR primitives
    /// of that type (`answer is Boolean` on a FHIR `boolean`), as R4's own invariants (que-7)
    /// are written and the HL7 validator evaluates them. Off for plain FHIRPath evaluation.
    public var systemTypesMatchFHIRPrimitives = false
    /// Answers `memberOf(valueSet)` for a code (with its system, for a Coding): true/false, or nil
    /// when membership cannot be decided offline (the result is then empty).
    public var memberOf: (@Sendable (_ system: String?, _ code: String, _ valueSet: String) -> Bool?)?

    public init(resource: FHIRPathValue? = nil, rootResource: FHIRPathValue? = nil, variables: [String: [FHIRPathValue]] = [:],
                model: FHIRPathModel? = nil, strict: Bool = false, now: Date = Date()) {
        self.resource = resource
        self.rootResource = rootResource ?? resource
        self.variables = variables
        self.model = model
        self.strict = strict
        self.now = now
    }

    /// A node for an element tree root (a resource), typed by its resource type.
    public static func node(for resource: Element) -> FHIRPathValue {
        let type = resource.resourceType ?? resource.name
        return .node(Node(element: resource, type: type, path: ModelPath(structure: type, path: type)))
    }
}
