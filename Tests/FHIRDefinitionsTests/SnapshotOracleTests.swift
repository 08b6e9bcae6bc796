import FHIRDefinitions
import FHIRPackages
import Foundation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let corePackagePath = repositoryRoot + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"

/// The oracle: every constraint profile in R4 core ships a differential and a snapshot;
/// regenerating the snapshot from the differential must give the published one.
@Suite struct SnapshotOracleTests {
    /// The facts compared per element.
    static func signature(_ e: ElementDefinition) -> String {
        let types = e.types.map { ($0.code) + "(" + $0.profiles.joined(separator: ",") + ")" }.joined(separator: "|")
        let binding = e.binding.map { "\($0.strength) \($0.valueSet ?? "")" } ?? ""
        let slicing = e.slicing.map { s in s.discriminators.map { "\($0.type):\($0.path)" }.joined(separator: ",") + " \(s.rules)" } ?? ""
        let constraints = e.constraints.map(\.key).sorted().joined(separator: ",")
        return [e.id ?? e.path, e.path, "\(e.min ?? -1)", e.max ?? "", types, e.fixed?.name ?? "", e.pattern?.name ?? "",
                binding, slicing, constraints].joined(separator: " ; ")
    }

    static func differences(_ generated: [ElementDefinition], _ published: [ElementDefinition]) -> [String] {
        let g = generated.map(signature), p = published.map(signature)
        if g == p { return [] }
        var out: [String] = []
        let gByID = Dictionary(generated.map { ($0.id ?? $0.path, signature($0)) }, uniquingKeysWith: { a, _ in a })
        for e in published {
            let id = e.id ?? e.path
            guard let mine = gByID[id] else { out.append("missing \(id)"); continue }
            if mine != signature(e) { out.append("differs \(id):\n    ours   \(mine)\n    theirs \(signature(e))") }
        }
        let publishedIDs = Set(published.map { $0.id ?? $0.path })
        for e in generated where !publishedIDs.contains(e.id ?? e.path) { out.append("extra \(e.id ?? e.path)") }
        if out.isEmpty { out.append("order differs") }
        return out
    }

    @Test func coreConstraintProfilesRegenerateTheirPublishedSnapshots() throws {
        let index = try DefinitionLoader().load(packages: [corePackagePath], definitions: [])
        let definitions = IndexedDefinitions(index: index)
        let generator = SnapshotGenerator { reference in
            reference.contains("/") ? definitions.structureDefinition(canonical: reference) : definitions.structureDefinition(forType: reference)
        }
        var matched = 0
        var total = 0
        var report: [String] = []
        for entry in index.entries(ofType: "StructureDefinition") {
            guard let resource = index.resource(entry), let definition = StructureDefinitionReader.read(resource),
                  definition.derivation == "constraint", !definition.differential.isEmpty, !definition.snapshot.isEmpty else { continue }
            total += 1
            guard let (generated, _) = generator.generate(definition) else {
                report.append("\(definition.url): base not resolved")
                continue
            }
            let diff = Self.differences(generated, definition.snapshot)
            if diff.isEmpty { matched += 1 } else { report.append("\(definition.url): \(diff.count) differences; first: \(diff[0])") }
        }
        print("snapshot oracle: \(matched)/\(total) core constraint profiles regenerate exactly")
        if ProcessInfo.processInfo.environment["SNAPSHOT_ORACLE_REPORT"] != nil { print(report.joined(separator: "\n")) }
        #expect(total > 40)
        #expect(matched >= 420, "regression: only \(matched)/\(total) regenerate exactly")
    }
}
