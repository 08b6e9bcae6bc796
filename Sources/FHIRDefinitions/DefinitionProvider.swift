import FHIRElements
import FHIRPackages
import Foundation

/// Where validation finds StructureDefinitions: by canonical and by type name.
public protocol DefinitionProvider: Sendable {
    /// The definition with this canonical (`url` or `url|version`), or nil.
    func structureDefinition(canonical: String) -> StructureDefinition?
    /// The base definition of a type (`Patient`, `HumanName`, `string`), or nil.
    func structureDefinition(forType type: String) -> StructureDefinition?
}

/// A `DefinitionProvider` over a `ConformanceIndex`, reading each definition once.
public final class IndexedDefinitions: DefinitionProvider, @unchecked Sendable {
    public let index: ConformanceIndex
    private var cache: [String: StructureDefinition?] = [:]
    private let lock = NSLock()

    public init(index: ConformanceIndex) { self.index = index }

    /// O(1) after the first lookup of a canonical.
    public func structureDefinition(canonical: String) -> StructureDefinition? {
        lock.lock()
        if let cached = cache[canonical] { lock.unlock(); return cached }
        lock.unlock()
        let definition = index.resource(canonical: canonical).flatMap(StructureDefinitionReader.read)
        lock.lock()
        cache[canonical] = definition
        lock.unlock()
        return definition
    }

    /// Types are looked up as `http://hl7.org/fhir/StructureDefinition/<type>`, or as the
    /// canonical itself for logical models named by URL. O(1) after the first lookup.
    public func structureDefinition(forType type: String) -> StructureDefinition? {
        if type.contains("/") { return structureDefinition(canonical: type) }
        return structureDefinition(canonical: "http://hl7.org/fhir/StructureDefinition/" + type)
    }
}
