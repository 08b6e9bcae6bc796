import ArgumentParser
import FHIRDefinitions
import FHIRPackages
import FHIRTerminology
import FHIRValidation
import Foundation

/// `fhirval compile`: read packages and definitions once, check every profile compiles,
/// and write the SQLite cache that `validate --cache` starts from.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Compile packages and definitions into one cache file for fast validation.",
        discussion: "Exit status: 0 when the cache was written, 2 when inputs could not be read or the cache could not be written."
    )

    @Option(name: .customLong("package"), help: "A FHIR package: a .tgz, a folder, or name#version. Repeatable.")
    var packages: [String] = []

    @Option(name: .customLong("definitions"), help: "A conformance resource file or folder. Repeatable.")
    var definitions: [String] = []

    @Option(name: .customLong("package-dir"), help: "A folder to search for packages first. Repeatable.")
    var packageFolders: [String] = []

    @Option(name: .customLong("snomed"), help: "A SNOMED CT RF2 release folder or zip (Snapshot or Full files). Repeatable.")
    var snomed: [String] = []

    @Option(name: .customLong("dmd"), help: "An NHSBSA dm+d XML release folder or zip. Repeatable.")
    var dmd: [String] = []

    @Option(name: .customLong("ods"), help: "ODS CSV files (epraccur, etr, ets, ...), a folder or a zip. Repeatable.")
    var ods: [String] = []

    @Option(help: "The cache file to write.")
    var output: String

    func run() throws {
        let started = Date()
        let index: ConformanceIndex
        do {
            index = try DefinitionLoader(locator: .standard(extraFolders: packageFolders)).load(packages: packages, definitions: definitions)
        } catch {
            FileHandle.standardError.write(Data("fhirval: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let loaded = Date()
        let validator = Validator(index: index)
        var problems: [(String, String)] = []
        var compiled = 0
        var seen = Set<String>()
        for entry in index.allEntries where entry.summary.resourceType == "StructureDefinition" {
            guard let url = entry.summary.url, seen.insert(url).inserted else { continue }
            guard let definition = validator.schemas.definitions.structureDefinition(canonical: url) else {
                problems.append((url, "the StructureDefinition could not be read"))
                continue
            }
            for problem in definition.snapshotProblems { problems.append((url, problem)) }
            if validator.schemas.structure(canonical: url) != nil {
                compiled += 1
            } else if definition.kind != "logical" {
                problems.append((url, "no snapshot could be generated (is its base definition loaded?)"))
            }
        }
        let sources = packages + definitions
        let terminology = TerminologySources(snomed: snomed, dmd: dmd, ods: ods)
        let progress = ProgressLine()
        let imported: TerminologyCounts
        do {
            imported = try CompiledCache.write(index, problems: problems, sources: sources, terminology: terminology,
                                               progress: progress.show, to: output)
            progress.clear()
        } catch {
            progress.clear()
            FileHandle.standardError.write(Data("fhirval: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let finished = Date()
        var counts: [String: Int] = [:]
        for entry in index.allEntries where CompiledCache.keptTypes.contains(entry.summary.resourceType) {
            counts[entry.summary.resourceType, default: 0] += 1
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        print("compiled \(output): \(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))")
        print("profiles compiled: \(compiled); definition problems: \(problems.count)")
        if !imported.summary.isEmpty { print(imported.summary) }
        for (url, message) in problems.prefix(20) { print("  \(url): \(message)") }
        if problems.count > 20 { print("  ... \(problems.count - 20) more (stored in the cache's problems table)") }
        print(String(format: "load %.2fs, compile and write %.2fs, %.1f MB", loaded.timeIntervalSince(started),
                     finished.timeIntervalSince(loaded), Double(size) / 1_048_576))
    }
}
