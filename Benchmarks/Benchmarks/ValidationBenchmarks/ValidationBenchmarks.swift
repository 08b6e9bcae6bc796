import Benchmark
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

let benchmarks: @Sendable () -> Void = {
    let patientJSON = load("Examples/patient-valid.json")
    let patientXML = load("Examples/patient-valid.xml")
    let validator: Validator
    do {
        validator = try Validator.load(packages: [root + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"], definitions: [])
    } catch {
        fatalError("\(error)")
    }
    // Compile the structures the workload uses before measuring.
    _ = validator.validate(patientJSON)
    _ = validator.validate(patientXML)

    let config = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    Benchmark("Parse Patient JSON (bytes)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ResourceParser.parse(patientJSON, format: .json))
        }
    }

    Benchmark("Parse Patient XML (bytes)", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ResourceParser.parse(patientXML, format: .xml))
        }
    }

    Benchmark("Parse + validate Patient JSON", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(validator.validate(patientJSON, format: .json))
        }
    }

    Benchmark("Parse + validate Patient XML", configuration: config) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(validator.validate(patientXML, format: .xml))
        }
    }
}
