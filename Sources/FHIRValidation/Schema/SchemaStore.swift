import FHIRDefinitions
import FHIRElements
import Foundation

/// Compiled structures, compiled on first use and shared by all validations.
///
/// Thread-safe: lookups take a lock only to read or fill the cache; compiled
/// structures are immutable.
public final class SchemaStore: @unchecked Sendable {
    public let definitions: DefinitionProvider
    private var byCanonical: [String: CompiledStructure?] = [:]
    /// Base structures by type name, so the hot path need not build canonical URLs.
    private var byType: [String: CompiledStructure?] = [:]
    private let lock = ReadWriteLock()

    public init(definitions: DefinitionProvider) { self.definitions = definitions }

    /// The compiled base structure of a type (`Patient`, `HumanName`). O(1) after the first call.
    public func structure(forType type: String) -> CompiledStructure? {
        if let cached = lock.read({ byType[type] }) { return cached }
        let compiled = structure(canonical: type.contains("/") ? type : "http://hl7.org/fhir/StructureDefinition/" + type)
        lock.write { byType[type] = compiled }
        return compiled
    }

    /// The compiled structure for a canonical, or nil when unknown or without snapshot.
    /// O(1) after the first call.
    public func structure(canonical: String) -> CompiledStructure? {
        if let cached = lock.read({ byCanonical[canonical] }) { return cached }
        let compiled = definitions.structureDefinition(canonical: canonical).flatMap {
            SchemaCompiler(definitions: definitions).compile($0)
        }
        lock.write { byCanonical[canonical] = compiled }
        return compiled
    }
}
