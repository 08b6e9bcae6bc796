/// The parts of a StructureDefinition that profiles and validation use.
public struct StructureDefinition: Sendable {
    public var url: String
    public var version: String?
    public var name: String?
    /// The type this definition constrains or defines (`Patient`, `Extension`).
    public var type: String
    /// `primitive-type`, `complex-type`, `resource` or `logical`.
    public var kind: String
    public var isAbstract: Bool
    /// `specialization` or `constraint`.
    public var derivation: String?
    public var baseDefinition: String?
    public var snapshot: [ElementDefinition]
    public var differential: [ElementDefinition]
    /// `StructureDefinition.context` for extensions: (type, expression).
    public var contexts: [(type: String, expression: String)]
    /// Problems met while generating the snapshot from the differential (empty when published).
    public var snapshotProblems: [String] = []

    public var isPrimitive: Bool { kind == "primitive-type" }
    public var isResource: Bool { kind == "resource" }
    public var isConstraint: Bool { derivation == "constraint" }
}
