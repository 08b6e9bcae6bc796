import FHIRElements
import FHIRPackages
import Foundation

/// Where validation finds StructureDefinitions: by canonical and by type name.
public protocol DefinitionProvider: Sendable {
    /// The definition with this canonical (`url` or `url|version`), or nil.
    func structureDefinition(canonical: String) -> StructureDefinition?
    /// The base definition of a type (`Patient`, `HumanName`, `string`), or nil.
    func structureDefinition(forType type: String) -> StructureDefinition?
    /// Any loaded conformance or knowledge resource by canonical (a Questionnaire, a ValueSet), or nil.
    func resource(canonical: String) -> Element?
}

extension DefinitionProvider {
    public func resource(canonical: String) -> Element? { nil }
}

/// A `DefinitionProvider` over a `ConformanceIndex`, reading each definition once.
public final class IndexedDefinitions: DefinitionProvider, @unchecked Sendable {
    public let index: ConformanceIndex
    private let cache = ConcurrentCache<String, StructureDefinition?>()
    /// Base definitions by type name, so lookups by type need not build the canonical.
    private let byType = ConcurrentCache<String, StructureDefinition?>()
    /// Canonicals whose snapshot is being generated (guards against cycles). Generation is
    /// serialised by `generationLock`, so this set only ever holds one thread's recursion.
    private var generating = Set<String>()
    private let generationLock = NSRecursiveLock()

    public init(index: ConformanceIndex) { self.index = index }

    /// O(1) lookup; the resource is parsed on each call.
    public func resource(canonical: String) -> Element? { index.resource(canonical: canonical) }

    /// O(1) after the first lookup of a canonical.
    public func structureDefinition(canonical: String) -> StructureDefinition? {
        if let cached = cache[canonical] { return cached }
        var definition = index.resource(canonical: canonical).flatMap(StructureDefinitionReader.read)
        if let read = definition, read.snapshot.isEmpty, !read.differential.isEmpty {
            generationLock.lock()
            defer { generationLock.unlock() }
            if let cached = cache[canonical] { return cached }
            guard generating.insert(canonical).inserted else { return nil }  // a cycle of base definitions
            definition = withGeneratedSnapshot(read)
            generating.remove(canonical)
        }
        cache.insert(definition, for: canonical)
        return cache[canonical] ?? definition
    }

    /// The definition with a snapshot generated from its differential (when its base resolves).
    private func withGeneratedSnapshot(_ definition: StructureDefinition) -> StructureDefinition {
        guard definition.baseDefinition != definition.url else { return definition }
        let generator = SnapshotGenerator { [unowned self] reference in
            reference.contains("/") ? self.structureDefinition(canonical: reference) : self.structureDefinition(forType: reference)
        }
        guard let (snapshot, problems) = generator.generate(definition) else { return definition }
        var generated = definition
        generated.snapshot = snapshot
        generated.snapshotProblems = problems
        return generated
    }

    /// Types are looked up as `http://hl7.org/fhir/StructureDefinition/<type>`, or as the
    /// canonical itself for logical models named by URL. O(1) after the first lookup.
    public func structureDefinition(forType type: String) -> StructureDefinition? {
        if let cached = byType[type] { return cached }
        let definition = structureDefinition(canonical: type.contains("/") ? type : "http://hl7.org/fhir/StructureDefinition/" + type)
        byType.insert(definition, for: type)
        return definition
    }
}
