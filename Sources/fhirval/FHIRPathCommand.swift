import ArgumentParser
import FHIRDefinitions
import FHIRPackages
import FHIRPath
import FHIRValidation
import Foundation

/// `fhirval fhirpath`: evaluate a FHIRPath expression against a resource file.
struct FHIRPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhirpath",
        abstract: "Evaluate a FHIRPath expression against a resource (JSON or XML).",
        discussion: "Prints the result collection. Exit status: 0 on success, 1 when the expression is rejected (syntax, semantic error with --strict, or a run-time error), 2 for unreadable input."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case json, text }

    @Flag(help: "Reject paths that cannot exist on their type (semantic checking).")
    var strict = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .customLong("package"), help: "A FHIR package for type information (R4 core is always loaded). Repeatable.")
    var packages: [String] = []

    @Argument(help: "The FHIRPath expression.")
    var expression: String

    @Argument(help: "The resource file.")
    var file: String

    func run() throws {
        let parsedExpression: FHIRPathExpression
        do {
            parsedExpression = try FHIRPathParser.parse(expression)
        } catch {
            FileHandle.standardError.write(Data("fhirval: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            FileHandle.standardError.write(Data("fhirval: \(file): the file could not be read\n".utf8))
            throw ExitCode(2)
        }
        let parsed = ResourceParser.parse([UInt8](data))
        guard let root = parsed.root else {
            let issue = parsed.issues.first
            FileHandle.standardError.write(Data("fhirval: \(file)\(issue?.position.map { ":\($0)" } ?? ""): \(issue?.message ?? "not a FHIR resource")\n".utf8))
            throw ExitCode(2)
        }
        var context = EvaluationContext(resource: EvaluationContext.node(for: root), strict: strict)
        do {
            let index = try DefinitionLoader().load(packages: packages, definitions: [])
            let definitions = IndexedDefinitions(index: index)
            context.model = FHIRPathModel(definitions: definitions)
            let validator = Validator(definitions: definitions)
            context.conformsTo = { element, profile in validator.conforms(element, to: profile) }
        } catch {
            FileHandle.standardError.write(Data("fhirval: \(error.description) (types unknown)\n".utf8))
        }
        let resource = EvaluationContext.node(for: root)
        let evaluator = FHIRPathEvaluator(context: context)
        let result: [FHIRPathValue]
        do {
            result = try evaluator.evaluate(parsedExpression, input: [resource])
        } catch {
            FileHandle.standardError.write(Data("fhirval: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        switch format {
        case .json:
            let items = result.map { item in
                "{\"type\": \(JSONWriter.quoted(item.typeName)), \"value\": \(JSONWriter.quoted(Self.display(item)))}"
            }
            print("[" + items.joined(separator: ", ") + "]")
        case .text:
            for item in result { print("\(item.typeName): \(Self.display(item))") }
        }
    }

    static func display(_ item: FHIRPathValue) -> String {
        if case .node(let node) = item, node.element.value == nil || node.type.first?.isUppercase == true {
            if let systemValue = item.systemValue, case .quantity = systemValue { return systemValue.text ?? "" }
            return node.element.value ?? "(\(node.type))"
        }
        if case .node(let node) = item { return node.element.value ?? "" }
        return item.text ?? ""
    }
}
