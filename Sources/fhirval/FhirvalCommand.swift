import ArgumentParser

@main
struct Fhirval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhirval",
        abstract: "Offline FHIR R4 validation for NHS England integrations.",
        subcommands: [ValidateCommand.self, FHIRPathCommand.self]
    )
}
