import FHIRElements
import FHIRTestSupport
import FHIRValidation
import Foundation
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let sharedRoot = repositoryRoot + "/../shared"
let corePackagePath = sharedRoot + "/igpackages/hl7.fhir.r4.core-4.0.1.tgz"

/// One validator over R4 core for all tests (it is thread-safe).
let sharedValidator: Validator = {
    do {
        return try Validator.load(packages: [corePackagePath], definitions: [])
    } catch {
        fatalError("R4 core package not loadable: \(error)")
    }
}()

func validateJSON(_ text: String, profiles: [String] = []) -> ValidationResult {
    sharedValidator.validate(Array(text.utf8), format: .json, profiles: profiles)
}

func validateXML(_ text: String, profiles: [String] = []) -> ValidationResult {
    sharedValidator.validate(Array(text.utf8), format: .xml, profiles: profiles)
}

/// The errors and fatals of a result, for exact assertions.
func errors(_ result: ValidationResult) -> [FHIRElements.Issue] {
    result.issues.filter { $0.severity.isError }
}

/// A compact form of an issue for equality assertions: `id@expression@line:col`.
func summary(_ issue: FHIRElements.Issue) -> String {
    "\(issue.messageID)@\(issue.expression ?? "-")@\(issue.position?.description ?? "-")"
}

func errorSummaries(_ result: ValidationResult) -> [String] { errors(result).map(summary) }

/// A validator over R4 core plus definitions written (XML or JSON) to temporary files.
func coreValidator(adding texts: [String], extension fileExtension: String = "xml") -> Validator {
    let paths = texts.map { text -> String in
        let path = TemporaryFiles.path("definition.\(fileExtension)")
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }
    do {
        return try Validator.load(packages: [corePackagePath], definitions: paths)
    } catch {
        fatalError("test definitions not loadable: \(error)")
    }
}
