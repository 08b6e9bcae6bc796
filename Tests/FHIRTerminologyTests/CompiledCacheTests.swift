import FHIRPackages
import FHIRTestSupport
import Foundation
import Testing
@testable import FHIRTerminology

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let corePackagePath = repositoryRoot + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"

@Suite struct CompiledCacheTests {
    @Test func writtenCacheReadsBackTheSameResources() throws {
        let definitions = TemporaryFiles.path("defs.json")
        try Data(#"{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "ValueSet", "url": "http://example.org/vs", "version": "1", "status": "active"}}]}"#.utf8)
            .write(to: URL(fileURLWithPath: definitions))
        let index = try DefinitionLoader().load(packages: [corePackagePath], definitions: [definitions])
        let path = TemporaryFiles.path("cache.sqlite")
        try CompiledCache.write(index, problems: [("http://example.org/sd", "a problem")], sources: [definitions], to: path)
        let cache = try CompiledCache(path: path)
        let reread = try cache.index()
        #expect(reread.entries(ofType: "StructureDefinition").count == index.entries(ofType: "StructureDefinition").count)
        #expect(reread.resource(canonical: "http://example.org/vs")?.childValue("version") == "1")
        #expect(reread.entry(canonical: "http://example.org/vs")?.isLoose == true)
        #expect(reread.resource(canonical: "http://hl7.org/fhir/StructureDefinition/Patient")?.childValue("type") == "Patient")
        #expect(try cache.problems().map(\.message) == ["a problem"])
        #expect(!cache.contentHash.isEmpty)
    }

    @Test func missingFileIsRefusedWithAHint() {
        do {
            _ = try CompiledCache(path: "/nonexistent/cache.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .cannotOpen)
            #expect(error.message.contains("fhirval compile"))
        }
    }

    @Test func foreignFileIsRefused() throws {
        let path = TemporaryFiles.path("foreign.sqlite")
        try Data("this is not sqlite at all, just text".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CompiledCache(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .notACache)
        }
    }

    @Test func truncatedCacheIsRefusedNotHalfUsed() throws {
        // A real cache cut short (a copy interrupted, a full disk): opening or reading it fails loudly.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: TerminologyFixtures.compiled.path))
        let path = TemporaryFiles.path("truncated.sqlite")
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: path))
        #expect(throws: CacheError.self) {
            let cache = try CompiledCache(path: path)
            _ = try cache.index()
            let store = try cache.releaseStore()
            _ = try cache.releases()
            #expect(store.concept(131_148_009) != nil)
        }
    }

    @Test func otherSchemaVersionIsRefused() throws {
        let path = TemporaryFiles.path("old.sqlite")
        let database = try SQLiteDatabase(path: path, readOnly: false)
        try database.execute("CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES ('schema_version', '0'), ('content_hash', 'x');")
        do {
            _ = try CompiledCache(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .wrongSchema)
        }
    }
}

@Suite struct PackageTerminologyTests {
    static let terminology: PackageTerminology = {
        PackageTerminology(index: try! DefinitionLoader().load(packages: [corePackagePath], definitions: []))
    }()

    @Test func wholeSystemIncludeExpands() throws {
        let expansion = try #require(Self.terminology.expansion(of: "http://hl7.org/fhir/ValueSet/administrative-gender"))
        #expect(expansion.isComplete)
        #expect(expansion.codes.count == 4)
        #expect(expansion.contains(system: "http://hl7.org/fhir/administrative-gender", code: "unknown"))
        #expect(!expansion.contains(code: "femal"))
    }

    @Test func versionedCanonicalResolves() {
        #expect(Self.terminology.expansion(of: "http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1") != nil)
    }

    @Test func isAFilterUsesTheHierarchy() throws {
        // v3 ActCode is hierarchical; a filtered value set keeps only descendants.
        let content = try #require(Self.terminology.codeSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode"))
        #expect(content.subsumes("_ActEncounterCode", "AMB"))
        #expect(!content.subsumes("_ActEncounterCode", "_ActAccountCode"))
    }

    @Test func valueSetOnUnloadedSystemIsIncomplete() throws {
        let expansion = try #require(Self.terminology.expansion(of: "http://hl7.org/fhir/ValueSet/observation-codes"))
        #expect(!expansion.isComplete)
    }
}
