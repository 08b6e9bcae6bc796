import FHIRDefinitions
import FHIRElements
import FHIRTerminology
import Foundation

/// Compiled structures, compiled on first use and shared by all validations.
///
/// Thread-safe: cached lookups take no lock (`ConcurrentCache`); compiled structures are immutable.
public final class SchemaStore: @unchecked Sendable {
    public let definitions: DefinitionProvider
    /// The type rules the compiled types and elements are resolved against (the validator's).
    let typeRules: TypeRuleTable
    private let byCanonical = ConcurrentCache<String, CompiledStructure?>()
    /// Base structures by type name, so the hot path need not build canonical URLs.
    private let byType = ConcurrentCache<String, CompiledStructure?>()
    /// Whether a name is a resource type, for references (a Bool, so that asking retains no structure).
    private let resourceTypes = ConcurrentCache<String, Bool>()

    /// The terminology the compiled bindings are resolved against (the validator's).
    let terminology: TerminologyProvider?

    public convenience init(definitions: DefinitionProvider) { self.init(definitions: definitions, typeRules: TypeRuleTable([]), terminology: nil) }

    init(definitions: DefinitionProvider, typeRules: TypeRuleTable, terminology: TerminologyProvider?) {
        self.definitions = definitions
        self.typeRules = typeRules
        self.terminology = terminology
    }

    /// True when a name is a resource type the loaded definitions define. O(1) after the first
    /// call with that name.
    func isResourceType(_ name: String) -> Bool {
        resourceTypes.value(for: name) { structure(forType: name)?.kind == "resource" }
    }

    /// The compiled base structure of a type (`Patient`, `HumanName`). O(1) after the first call.
    public func structure(forType type: String) -> CompiledStructure? {
        byType.value(for: type) {
            structure(canonical: type.contains("/") ? type : "http://hl7.org/fhir/StructureDefinition/" + type)
        }
    }

    /// The compiled structure for a canonical, or nil when unknown or without snapshot.
    /// O(1) after the first call.
    public func structure(canonical: String) -> CompiledStructure? {
        byCanonical.value(for: canonical) {
            definitions.structureDefinition(canonical: canonical).flatMap { SchemaCompiler(definitions: definitions, typeRules: typeRules, terminology: terminology).compile($0) }
        }
    }
}
