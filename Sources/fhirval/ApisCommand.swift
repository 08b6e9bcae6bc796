import ArgumentParser
import FHIRPackages
import FHIRValidation
import Foundation

/// The folders that may hold `apis/` manifests: every `IGPackages` in the package search path.
func apiManifestFolders() -> [String] {
    PackageLocator.standard().searchPath.filter { $0.hasSuffix("IGPackages") }
}

/// `fhirval apis`: the NHS England APIs fhirval knows, their versions and what is missing.
struct ApisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apis",
        abstract: "List the NHS England APIs that 'validate --api' knows, with versions and gaps."
    )

    func run() throws {
        let manifests = ApiManifest.all(in: apiManifestFolders())
        if manifests.isEmpty {
            print("no API manifests found (looked in \(apiManifestFolders().joined(separator: ", ")))")
            return
        }
        for (name, manifest) in manifests.sorted(by: { $0.key < $1.key }) {
            print("\(name): \(manifest.title)")
            print("  version: \(manifest.version)")
            for (path, resolved) in zip(manifest.definitions, manifest.resolvedDefinitions) {
                print("  definitions: \(path)\(FileManager.default.fileExists(atPath: resolved) ? "" : "  (MISSING)")")
            }
            for statement in manifest.capabilityStatements { print("  profiles by type from: \(statement)") }
            for (type, profiles) in (manifest.profiles ?? [:]).sorted(by: { $0.key < $1.key }) {
                print("  \(type): \(profiles.joined(separator: ", "))")
            }
            for gap in manifest.missing ?? [] { print("  missing: \(gap)") }
        }
    }
}
