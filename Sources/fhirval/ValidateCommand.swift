import ArgumentParser
import FHIRElements
import FHIRPackages
import FHIRTerminology
import FHIRValidation
import Foundation

/// `fhirval validate`: validate files, folders, NDJSON exports and stdin; report for people and CI.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate FHIR resources (JSON, XML, NDJSON; files, folders or - for stdin).",
        discussion: """
        Exit status: 0 when the gate passes, 1 when it fails (by --fail-on: any error, the \
        default; any warning or error; never), 2 for usage errors or definitions that cannot \
        be loaded. Unreadable records count as errors and are always reported, never skipped.
        """
    )

    @Option(name: .customLong("package"), help: "A FHIR package: a .tgz, a folder, or name#version from the search path. Repeatable.")
    var packages: [String] = []

    @Option(name: .customLong("definitions"), help: "A conformance resource file (JSON/XML) or a folder of them. Repeatable.")
    var definitions: [String] = []

    @Option(name: .customLong("profile"), help: "Also validate against this profile (canonical URL). Repeatable.")
    var profiles: [String] = []

    @Option(name: .customLong("package-dir"), help: "A folder to search for packages first. Repeatable.")
    var packageFolders: [String] = []

    @Option(help: "A cache written by 'fhirval compile' to start from (packages and definitions given here add to it).")
    var cache: String?

    @Option(help: "Validate as this NHS England API does (profiles chosen by its CapabilityStatement and MessageDefinitions); see 'fhirval apis'.")
    var api: String?

    @Option(help: "Output format: text, json (OperationOutcomes), ndjson (one issue per line), junit, sarif.")
    var format: BatchFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Validate this many records at once (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("fail-on"), help: "What fails the run: error, warning or never.")
    var failOn: BatchGate = .error

    @Option(name: .customLong("max-issues"), help: "The gate's budget: it fails only when more than this many issues of the --fail-on severity are found (default 0). An unreadable record always fails it.")
    var maxIssues: Int = 0

    @Option(name: .customLong("max-issues-per-resource"), help: "Report at most this many issues per resource.")
    var maxIssuesPerResource: Int?

    @Option(help: "A JSON file of accepted issues, each with a reason (see the README); unused entries are reported.")
    var suppressions: String?

    @Flag(help: "Print a summary table (records, outcomes by type, top issue kinds, slowest records) to standard error.")
    var summary = false

    @Argument(help: "Files, folders (searched recursively), patterns ('exports/*.ndjson', 'data/**/*.json') or - for standard input.")
    var inputs: [String]

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be 1 or more") }
        guard maxIssues >= 0 else { throw ValidationError("--max-issues must be 0 or more") }
        if let maxIssuesPerResource, maxIssuesPerResource < 1 { throw ValidationError("--max-issues-per-resource must be 1 or more") }
    }

    func run() throws {
        let options = ValidationOptions(maximumIssues: maxIssuesPerResource)
        let validator: Validator
        do {
            let locator = PackageLocator.standard(extraFolders: packageFolders)
            if let api {
                let manifests = ApiManifest.all(in: apiManifestFolders())
                guard let manifest = manifests[api] else {
                    let known = manifests.isEmpty
                        ? "no API manifests found in \(apiManifestFolders().joined(separator: ", ")); run fhirval from its checkout"
                        : "known: \(manifests.keys.sorted().joined(separator: ", "))"
                    throw ValidationError("unknown API '\(api)' (\(known))")
                }
                // A cache given with an API adds its terminology releases (SNOMED CT, dm+d, ODS).
                let release = try cache.map { path throws in try CompiledCache(path: path).releaseStore() }
                validator = try Validator.load(api: manifest, options: options, locator: locator, release: release)
            } else if let cache {
                validator = try Validator.load(cache: cache, packages: packages, definitions: definitions, options: options, locator: locator)
            } else {
                validator = try Validator.load(packages: packages, definitions: definitions, options: options, locator: locator)
            }
        } catch {
            FileHandle.standardError.write(Data("fhirval: \(error)\n".utf8))
            if format == .json {
                // Callers that parse stdout still get an OperationOutcome saying why nothing was validated.
                let issue = Issue(severity: .fatal, code: .notFound, messageID: "definitions.unavailable",
                                  message: "Definitions could not be loaded: \(error)")
                print(OperationOutcomeWriter.json(ValidationResult(issues: [issue])))
            }
            throw ExitCode(2)
        }
        var suppressionList = SuppressionList(entries: [])
        if let suppressions {
            do {
                suppressionList = try SuppressionList.read(suppressions)
            } catch {
                FileHandle.standardError.write(Data("fhirval: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        let sink: OutputSink
        do {
            sink = try OutputSink(path: output)
        } catch {
            FileHandle.standardError.write(Data("fhirval: cannot write \(output ?? "-"): \((error as? OperationalError)?.message ?? error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        var writer = BatchReportWriter(format: format)
        var totals = BatchSummary()
        let reader = BatchReader(inputs: inputs)
        // Progress on a terminal only: records, rate and an ETA from the bytes read so far.
        let progress = ProgressLine()
        // The inputs are listed again only for a terminal's ETA, never in CI.
        let totalBytes = !progress.enabled ? 0 : reader.files().reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        var bytesRead = 0
        BatchValidator(validator: validator, jobs: jobs, profiles: profiles).run(reader) { item in
            var item = item
            bytesRead += item.record.bytes.count + 1
            progress.records(item.record.sequence + 1, bytes: bytesRead, totalBytes: totalBytes)
            totals.suppressed += suppressionList.apply(to: &item.result)
            totals.add(item)
            sink.write { writer.write(item, appendingTo: &$0) }
        }
        progress.clear()
        if let text = writer.finish() { sink.write(text) }
        sink.close()
        if summary || (format == .text && totals.recordsRead > 1) {
            FileHandle.standardError.write(Data((totals.text + "\n").utf8))
        }
        for entry in suppressionList.unused {
            let matcher = [entry.messageID.map { "messageId \($0)" }, entry.expression.map { "expression \($0)" }, entry.profile.map { "profile \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            FileHandle.standardError.write(Data("fhirval: warning: the suppression at \(entry.location) (\(matcher)) matched no issue\n".utf8))
        }
        // The process ends here: its memory goes back to the system whole, rather than the
        // validator's compiled structures and caches being freed one object at a time (a few
        // milliseconds of every run, most of a one-resource run's teardown).
        _ = Unmanaged.passRetained(validator)
        let fails = totals.fails(failOn, allowing: maxIssues)
        if maxIssues > 0 {
            let unreadable = totals.recordsUnreadable > 0 ? ", \(totals.recordsUnreadable) unreadable record(s)" : ""
            FileHandle.standardError.write(Data("fhirval: the gate \(fails ? "fails" : "passes"): \(totals.gateCount(failOn)) issue(s) at --fail-on \(failOn.rawValue) against --max-issues \(maxIssues)\(unreadable)\n".utf8))
        }
        if fails { throw ExitCode(1) }
    }
}

extension BatchFormat: ExpressibleByArgument {}
extension BatchGate: ExpressibleByArgument {}
