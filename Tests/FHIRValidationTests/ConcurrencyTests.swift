import Dispatch
import Foundation
import FHIRValidation
import Testing

/// One Validator shared by many threads gives the same results as one thread.
@Suite struct ConcurrencyTests {
    @Test func concurrentValidationsAgreeWithSerialOnes() throws {
        let inputs = try ["patient-valid.json", "patient-invalid.json", "patient-valid.xml", "patient-invalid.xml"].map {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Examples/" + $0)))
        }
        let expected = inputs.map { sharedValidator.validate($0).issues.map(summary) }
        final class Results: @unchecked Sendable {
            var values = [[String]](repeating: [], count: 400)
            let lock = NSLock()
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 400) { i in
            let value = sharedValidator.validate(inputs[i % inputs.count]).issues.map(summary)
            results.lock.lock()
            results.values[i] = value
            results.lock.unlock()
        }
        for (i, result) in results.values.enumerated() {
            #expect(result == expected[i % inputs.count], "iteration \(i)")
        }
        #expect(expected[1].count == 8)  // 7 errors and the dom-6 best-practice warning
        #expect(expected[3].count == 8)  // txt-1 fails beside the illegal attribute and element
    }

    @Test func firstUseOfAProfileFromManyThreadsResolvesItEverywhere() throws {
        // A fresh validator: the UK Core Patient snapshot is generated while threads race for it.
        let validator = try Validator.load(packages: [corePackagePath], definitions: [sharedRoot + "/ukcore/structuredefinitions"])
        let input = Array(#"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number"}]}"#.utf8)
        final class Results: @unchecked Sendable {
            var values = [[String]](repeating: [], count: 16)
            let lock = NSLock()
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let value = errorSummaries(validator.validate(input, profiles: ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]))
            results.lock.lock()
            results.values[i] = value
            results.lock.unlock()
        }
        for value in results.values {
            #expect(value == ["cardinality.min@Patient.identifier[0]@1:44"])
        }
    }
}
