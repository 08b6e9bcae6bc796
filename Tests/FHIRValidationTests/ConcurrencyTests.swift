import Dispatch
import Foundation
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
        #expect(expected[1].count == 7)
        #expect(expected[3].count == 7)
    }
}
