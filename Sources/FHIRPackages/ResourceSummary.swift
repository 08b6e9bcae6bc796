import FHIRElements

/// What an index needs to know of a conformance resource without parsing it all.
public struct ResourceSummary: Sendable {
    public var resourceType: String
    public var id: String?
    public var url: String?
    public var version: String?
    /// `StructureDefinition.type`, for structure definitions.
    public var type: String?
    /// `StructureDefinition.kind`, for structure definitions.
    public var kind: String?
    /// `StructureDefinition.derivation`, for structure definitions.
    public var derivation: String?
    /// Where the resource's bytes are: a package file name or a file path.
    public var location: String

    public init(resourceType: String, id: String? = nil, url: String? = nil, version: String? = nil,
                type: String? = nil, kind: String? = nil, derivation: String? = nil, location: String) {
        self.resourceType = resourceType
        self.id = id
        self.url = url
        self.version = version
        self.type = type
        self.kind = kind
        self.derivation = derivation
        self.location = location
    }

    /// Reads the summary fields from a parsed resource's top-level elements. O(children).
    public init(element: Element, location: String) {
        self.init(resourceType: element.resourceType ?? element.name,
                  id: element.childValue("id"), url: element.childValue("url"),
                  version: element.childValue("version"), type: element.childValue("type"),
                  kind: element.childValue("kind"), derivation: element.childValue("derivation"),
                  location: location)
    }
}
