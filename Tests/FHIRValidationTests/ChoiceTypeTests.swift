import Testing

@Suite struct ChoiceTypeTests {
    @Test func allowedChoiceTypesPass() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "deceasedBoolean": false}"#)) == [])
        #expect(errorSummaries(validateXML(#"<Patient xmlns="http://hl7.org/fhir"><deceasedDateTime value="2020-01-02"/></Patient>"#)) == [])
    }

    @Test func disallowedChoiceTypeIsReportedInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "deceasedString": "yes"}"#)
        #expect(errorSummaries(result) == ["choice.type-not-allowed@Patient.deceasedString@1:47"])
        #expect(errors(result).first?.message.contains("allowed: boolean, dateTime") == true)
    }

    @Test func disallowedChoiceTypeIsReportedInXML() {
        let result = validateXML("<Patient xmlns=\"http://hl7.org/fhir\">\n<deceasedCode value=\"x\"/></Patient>")
        #expect(errorSummaries(result) == ["choice.type-not-allowed@Patient.deceasedCode@2:1"])
    }

    @Test func choiceValueIsValidatedAsItsChosenType() {
        let result = validateJSON(#"{"resourceType": "Patient", "deceasedDateTime": "yesterday"}"#)
        #expect(errorSummaries(result) == ["primitive.format@Patient.deceasedDateTime@1:49"])
    }

    @Test func twoChoicesOfOneElementExceedItsMaximum() {
        let result = validateJSON(#"{"resourceType": "Patient", "deceasedBoolean": true, "deceasedDateTime": "2020"}"#)
        #expect(errorSummaries(result) == ["cardinality.max@Patient.deceased[x]@1:1"])
    }
}
