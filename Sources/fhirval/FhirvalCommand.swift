import ArgumentParser

@main
struct Fhirval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhirval",
        abstract: "Offline FHIR R4 validation for NHS England integrations.",
        subcommands: [CompileCommand.self, ValidateCommand.self, FHIRPathCommand.self, ApisCommand.self]
    )
}
