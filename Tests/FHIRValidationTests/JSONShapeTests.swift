import Testing

@Suite struct JSONShapeTests {
    @Test func booleanWrittenAsStringIsAnError() {
        let result = validateJSON(#"{"resourceType": "Patient", "active": "true"}"#)
        #expect(errorSummaries(result) == ["json.wrong-token@Patient.active@1:39"])
        #expect(errors(result).first?.code == .invalid)
    }

    @Test func integerWrittenAsStringIsAnErrorAndNumberPasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "multipleBirthInteger": "2"}"#))
            == ["json.wrong-token@Patient.multipleBirthInteger@1:53"])
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "multipleBirthInteger": 2}"#)) == [])
    }

    @Test func stringWrittenAsNumberIsAnError() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "gender": 1}"#))
            == ["json.wrong-token@Patient.gender@1:39"])
    }

    @Test func repeatingElementMustBeAnArray() {
        let result = validateJSON(#"{"resourceType": "Patient", "name": {"family": "X"}}"#)
        #expect(errorSummaries(result) == ["json.array-expected@Patient.name@1:37"])
    }

    @Test func singleElementMustNotBeAnArray() {
        let result = validateJSON(#"{"resourceType": "Patient", "gender": ["male"]}"#)
        #expect(errorSummaries(result) == ["json.not-array@Patient.gender@1:40"])
    }

    @Test func objectWhereAPrimitiveIsExpected() {
        let result = validateJSON(#"{"resourceType": "Patient", "gender": {"value": "male"}}"#)
        #expect(errorSummaries(result) == ["json.primitive-expected@Patient.gender@1:39"])
    }

    @Test func primitiveWhereAnObjectIsExpected() {
        let result = validateJSON(#"{"resourceType": "Patient", "maritalStatus": "M"}"#)
        #expect(errorSummaries(result) == ["json.object-expected@Patient.maritalStatus@1:46"])
    }
}
