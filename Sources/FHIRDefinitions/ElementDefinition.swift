import FHIRElements

/// One element of a StructureDefinition snapshot or differential: the facts the compiler reads.
public struct ElementDefinition: Sendable {
    /// One allowed type of an element (`ElementDefinition.type`).
    public struct TypeRef: Sendable, Hashable {
        /// The FHIR type name (`string`, `HumanName`, `Reference`); FHIRPath system
        /// types are mapped to the FHIR type their extension names.
        public var code: String
        public var profiles: [String]
        public var targetProfiles: [String]
        public var aggregation: [String]
    }

    /// An invariant (`ElementDefinition.constraint`).
    public struct Constraint: Sendable, Hashable {
        public var key: String
        public var severity: String
        public var human: String
        public var expression: String?
        public var source: String?
        /// Marked with the `elementdefinition-bestpractice` extension.
        public var bestPractice: Bool = false
    }

    /// A value set binding.
    public struct Binding: Sendable, Hashable {
        public var strength: String
        public var valueSet: String?
    }

    /// A slicing discriminator.
    public struct Discriminator: Sendable, Hashable {
        public var type: String
        public var path: String
    }

    /// How an element is sliced.
    public struct Slicing: Sendable, Hashable {
        public var discriminators: [Discriminator]
        public var ordered: Bool
        public var rules: String
    }

    public var id: String?
    public var path: String
    public var sliceName: String?
    public var min: Int?
    /// `*` or a whole number as text.
    public var max: String?
    public var types: [TypeRef]
    public var contentReference: String?
    /// The `fixed[x]` value, named as written (`fixedCode`).
    public var fixed: Element?
    /// The `pattern[x]` value, named as written (`patternCodeableConcept`).
    public var pattern: Element?
    public var maxLength: Int?
    public var minValue: Element?
    public var maxValue: Element?
    public var binding: Binding?
    public var constraints: [Constraint]
    public var slicing: Slicing?
    public var isModifier: Bool
    public var mustSupport: Bool
    public var basePath: String?
    public var baseMax: String?

    /// The last segment of the path (`given` of `Patient.name.given`).
    public var name: Substring {
        guard let dot = path.lastIndex(of: ".") else { return Substring(path) }
        return path[path.index(after: dot)...]
    }

    /// The maximum as a number; `Int.max` for `*`; nil when unstated.
    public var maxCount: Int? {
        guard let max else { return nil }
        return max == "*" ? Int.max : Int(max)
    }

    /// True for a choice element (`value[x]`).
    public var isChoice: Bool { path.hasSuffix("[x]") }
}
