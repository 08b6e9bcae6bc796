import Benchmark
import FHIRDefinitions
import FHIRPath
import FHIRValidation
import Foundation

/// The repository root: Benchmarks/ is one level below it.
private let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

private func load(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: root + "/" + path) else {
        fatalError("missing benchmark input \(path)")
    }
    return [UInt8](data)
}

/// The resource-level invariants of a type's base definition, parsed once.
private func rootInvariants(_ validator: Validator, type: String) -> [FHIRPathExpression] {
    let snapshot = validator.schemas.definitions.structureDefinition(forType: type)?.snapshot ?? []
    return (snapshot.first?.constraints ?? []).compactMap { $0.expression }.compactMap { try? FHIRPathParser.parse($0) }
}

let benchmarks: @Sendable () -> Void = {
    let patientJSON = load("Examples/patient-valid.json")
    let patientXML = load("Examples/patient-valid.xml")
    let observationJSON = load("Examples/observation-valid.json")
    let ukCorePatient = load("../shared/ukcore/examples/UKCore-Patient-RichardSmith-Example.xml")
    let core = root + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"
    let validator: Validator
    let ukCore: Validator
    do {
        validator = try Validator.load(packages: [core], definitions: [])
        ukCore = try Validator.load(packages: [core], definitions: [root + "/../shared/ukcore/structuredefinitions"])
    } catch {
        fatalError("\(error)")
    }
    let ukCoreProfile = ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]
    // Compile the structures the workload uses before measuring.
    for input in [patientJSON, patientXML, observationJSON] { _ = validator.validate(input) }
    _ = ukCore.validate(ukCorePatient, profiles: ukCoreProfile)

    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("Parse Patient JSON (1.1 KB)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ResourceParser.parse(patientJSON, format: .json)) }
    }

    Benchmark("Parse Patient XML (0.7 KB)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ResourceParser.parse(patientXML, format: .xml)) }
    }

    Benchmark("Parse + validate Patient JSON", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(validator.validate(patientJSON, format: .json)) }
    }

    Benchmark("Parse + validate Patient XML", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(validator.validate(patientXML, format: .xml)) }
    }

    Benchmark("Parse + validate Observation (bp profile) JSON", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(validator.validate(observationJSON, format: .json)) }
    }

    Benchmark("UK Core Patient profile validation (XML, 6 KB)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(ukCore.validate(ukCorePatient, format: .xml, profiles: ukCoreProfile)) }
    }

    for (name, bytes) in [("Patient", patientJSON), ("Observation", observationJSON)] {
        let expressions = rootInvariants(validator, type: name)
        let resource = EvaluationContext.node(for: ResourceParser.parse(bytes).root!)
        let evaluator = FHIRPathEvaluator(context: EvaluationContext(resource: resource, model: validator.model))
        Benchmark("Invariants: all \(expressions.count) resource-level invariants of \(name)", configuration: config) { benchmark in
            for _ in benchmark.scaledIterations {
                for expression in expressions { blackHole(try? evaluator.evaluate(expression, input: [resource])) }
            }
        }
    }

    terminologyBenchmarks(root: root, configuration: config)
}
