import FHIRElements
import FHIRValidation
import Testing

/// `maximumIssues` (`--max-issues-per-resource`) keeps the most severe issues, in their order,
/// over all passes together: a capped result fails exactly when the whole would.
@Suite struct IssueLimitTests {
    /// dom-6 (a warning, found first, at the root) and two binding errors.
    static let patient = #"{"resourceType": "Patient", "gender": "nope", "name": [{"use": "bad"}]}"#

    private func validator(limit: Int?) throws -> Validator {
        try Validator.load(packages: [corePackagePath], definitions: [], options: ValidationOptions(maximumIssues: limit))
    }

    @Test func withoutALimitEveryIssueIsReported() throws {
        let result = try validator(limit: nil).validate(Array(Self.patient.utf8), format: .json)
        #expect(result.issues.map(\.severity) == [.warning, .error, .error])
    }

    @Test func aLimitKeepsTheMostSevereInTheirOrder() throws {
        let one = try validator(limit: 1).validate(Array(Self.patient.utf8), format: .json)
        #expect(one.issues.map(\.severity) == [.error])
        #expect(one.issues.map(\.expression) == ["Patient.gender"])
        #expect(!one.isValid)
        let two = try validator(limit: 2).validate(Array(Self.patient.utf8), format: .json)
        #expect(two.issues.map(\.expression) == ["Patient.gender", "Patient.name[0].use"])
        let three = try validator(limit: 3).validate(Array(Self.patient.utf8), format: .json)
        #expect(three.issues.map(\.severity) == [.warning, .error, .error])
    }

    @Test func theLimitHoldsOverTheProfilePassesToo() throws {
        // A profile pass (for another type: one more error) adds to the same limit; each pass was capped on its own before.
        let result = try validator(limit: 2).validate(Array(Self.patient.utf8), format: .json,
                                                      profiles: ["http://hl7.org/fhir/StructureDefinition/vitalsigns"])
        #expect(result.issues.count == 2)
        #expect(result.issues.allSatisfy { $0.severity.isError })
    }
}
