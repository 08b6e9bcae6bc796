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

    // Parse rate: each iteration parses 1 MiB of Patients, so throughput (# / s) reads as MB/s.
    let compactPatient = compact(patientJSON)
    let perMegabyte = (1 << 20) / compactPatient.count
    Benchmark("Parse JSON: 1 MiB of Patients per iteration (throughput = MiB/s)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<perMegabyte { blackHole(ResourceParser.parse(compactPatient, format: .json)) }
        }
    }

    // Batch end to end: an NDJSON file of 1,000 records (Patients and bp Observations) read,
    // validated on one core and summarised, as `fhirval validate --jobs 1` does.
    let ndjson = NSTemporaryDirectory() + "fhirval-bench-batch-1000.ndjson"  // rewritten by each run
    let lines = (0..<1_000).map { $0 % 2 == 0 ? compactPatient : compact(observationJSON) }
    FileManager.default.createFile(atPath: ndjson, contents: Data(lines.joined(separator: [UInt8(ascii: "\n")])))
    let batch = BatchValidator(validator: validator, jobs: 1)
    Benchmark("Batch: NDJSON file of 1,000 records, one core", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            var summary = BatchSummary()
            batch.run(BatchReader(inputs: [ndjson])) { summary.add($0) }
            blackHole(summary)
        }
    }

    terminologyBenchmarks(root: root, configuration: config)
}

/// A JSON document on one line (NDJSON records are), re-serialised without whitespace.
private func compact(_ json: [UInt8]) -> [UInt8] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json)),
          let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else {
        fatalError("benchmark input is not JSON")
    }
    return [UInt8](data)
}
