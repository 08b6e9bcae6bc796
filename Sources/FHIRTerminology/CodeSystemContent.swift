import FHIRElements

/// The concepts of a CodeSystem resource, indexed for lookups.
///
/// An immutable object: handing it from the terminology's cache to each Coding's check costs
/// one retain (a struct of its many parts cost one per part, for every Coding validated).
public final class CodeSystemContent: Sendable {
    public struct Concept: Sendable {
        public var code: String
        public var display: String?
        public var designations: [String]
        /// Codes of the concepts this one specialises (its parents in the hierarchy).
        public var parents: [String]
        public var inactive: Bool
        /// Property values by property code (`valueCode`, `valueString`, … as text).
        public var properties: [String: [String]] = [:]
    }

    public let url: String
    public let version: String?
    public let name: String?
    /// `complete`, `fragment`, `example`, `not-present` or `supplement`.
    public let content: String
    public let caseSensitive: Bool
    /// The code system this one supplements (`CodeSystem.supplements`), if it is a supplement.
    public let supplements: String?
    public let concepts: [String: Concept]
    /// The declared properties' types (`CodeSystem.property`: code → type), the first declaration winning.
    public let propertyTypes: [String: String]
    /// Concept codes in definition order (for expansions).
    public let order: [String]

    /// True when every code of the system is listed, so a missing code is an error.
    public var isComplete: Bool { content == "complete" && supplements == nil }

    /// True for a supplement, which adds designations and properties to another system and
    /// cannot itself be the system of a code.
    public var isSupplement: Bool { content == "supplement" || supplements != nil }

    /// Reads a CodeSystem resource. O(concepts).
    public init?(_ resource: Element) {
        guard resource.resourceType == "CodeSystem", let url = resource.childValue("url") else { return nil }
        self.url = url
        version = resource.childValue("version")
        name = resource.childValue("title") ?? resource.childValue("name")
        content = resource.childValue("content") ?? "complete"
        let caseSensitive = resource.childValue("caseSensitive") != "false"
        self.caseSensitive = caseSensitive
        supplements = resource.childValue("supplements")
        var propertyTypes: [String: String] = [:]
        for property in resource.children(named: "property") {
            if let code = property.childValue("code"), let type = property.childValue("type"), propertyTypes[code] == nil {
                propertyTypes[code] = type
            }
        }
        self.propertyTypes = propertyTypes
        var concepts: [String: Concept] = [:]
        var order: [String] = []
        for concept in resource.children(named: "concept") {
            Self.add(concept, parent: nil, caseSensitive: caseSensitive, to: &concepts, order: &order)
        }
        self.concepts = concepts
        self.order = order
    }

    private static func add(_ element: Element, parent: String?, caseSensitive: Bool, to concepts: inout [String: Concept],
                            order: inout [String]) {
        guard let code = element.childValue("code") else { return }
        var parents = parent.map { [$0] } ?? []
        var inactive = false
        var properties: [String: [String]] = [:]
        for property in element.children(named: "property") {
            let name = property.childValue("code")
            let value = property.children.first { $0.name.hasPrefix("value") }?.value
            if let name, let value { properties[name, default: []].append(value) }
            if name == "parent" || name == "subsumedBy", let value { parents.append(value) }
            if (name == "status" && (value == "retired" || value == "inactive")) || (name == "inactive" && value == "true") { inactive = true }
        }
        var concept = Concept(code: code, display: element.childValue("display"),
                              designations: element.children(named: "designation").compactMap { $0.childValue("value") },
                              parents: parents, inactive: inactive)
        concept.properties = properties
        let key = lookupKey(code, caseSensitive: caseSensitive)
        if concepts[key] == nil { order.append(code) }
        concepts[key] = concept
        for child in element.children(named: "concept") { add(child, parent: code, caseSensitive: caseSensitive, to: &concepts, order: &order) }
    }

    private static func lookupKey(_ code: String, caseSensitive: Bool) -> String { caseSensitive ? code : code.lowercased() }

    private func lookupKey(_ code: String) -> String { Self.lookupKey(code, caseSensitive: caseSensitive) }

    /// The concept with a code (honouring case sensitivity), or nil. O(1).
    public func concept(_ code: String) -> Concept? { concepts[lookupKey(code)] }

    /// True when `code` is `ancestor` or below it in the hierarchy. O(depth × parents).
    public func subsumes(_ ancestor: String, _ code: String) -> Bool {
        var queue = [code]
        var seen = Set<String>()
        while let current = queue.popLast() {
            if lookupKey(current) == lookupKey(ancestor) { return true }
            guard seen.insert(current).inserted, let concept = concept(current) else { continue }
            queue.append(contentsOf: concept.parents)
        }
        return false
    }
}
