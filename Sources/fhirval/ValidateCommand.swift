import ArgumentParser
import FHIRElements
import FHIRPackages
import FHIRValidation
import Foundation

/// `fhirval validate`: validate resource files and print OperationOutcomes.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate FHIR resources (JSON or XML).",
        discussion: """
        Exit status: 0 when no input has errors, 1 when any has errors (or could not be \
        parsed), 2 for usage errors or definitions that cannot be loaded.
        """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

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

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Argument(help: "Resource files to validate.")
    var files: [String]

    func run() throws {
        let validator: Validator
        do {
            if let cache {
                validator = try Validator.load(cache: cache, packages: packages, definitions: definitions,
                                               locator: .standard(extraFolders: packageFolders))
            } else {
                validator = try Validator.load(packages: packages, definitions: definitions,
                                               locator: .standard(extraFolders: packageFolders))
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
        var anyErrors = false
        var outcomes: [String] = []
        for file in files {
            let result = validateFile(file, with: validator)
            anyErrors = anyErrors || !result.isValid
            switch format {
            case .json: outcomes.append(OperationOutcomeWriter.json(result, source: files.count > 1 ? file : nil))
            case .text: print(OperationOutcomeWriter.text(result, source: file))
            }
        }
        if format == .json {
            if outcomes.count == 1 {
                print(outcomes[0])
            } else {
                print("[\n" + outcomes.joined(separator: ",\n") + "\n]")
            }
        }
        if anyErrors { throw ExitCode(1) }
    }

    private func validateFile(_ file: String, with validator: Validator) -> ValidationResult {
        guard let data = FileManager.default.contents(atPath: file) else {
            return ValidationResult(issues: [Issue(severity: .fatal, code: .notFound, messageID: "input.unreadable",
                                                   message: "The file \(file) could not be read")])
        }
        let format: ResourceFormat? = file.hasSuffix(".xml") ? .xml : file.hasSuffix(".json") ? .json : nil
        return validator.validate([UInt8](data), format: format, profiles: profiles)
    }
}
