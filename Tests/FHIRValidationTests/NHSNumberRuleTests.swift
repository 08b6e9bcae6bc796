import Testing

@Suite struct NHSNumberRuleTests {
    private func patient(_ number: String) -> String {
        #"{"resourceType": "Patient", "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "\#(number)"}]}"#
    }

    @Test(arguments: ["9000000009", "9000000017", "9449306613", "9876543210"])
    func validNumbersPass(number: String) {
        #expect(errorSummaries(validateJSON(patient(number))) == [])
    }

    @Test func wrongCheckDigitIsAnErrorInJSON() {
        let result = validateJSON(patient("9000000008"))
        #expect(errorSummaries(result) == ["nhs-number.invalid@Patient.identifier[0].value@1:101"])
        #expect(errors(result).first?.message == "The NHS number '9000000008' is not valid: the check digit is 8 but should be 9")
    }

    @Test func wrongLengthAndSpacesAreErrorsInXML() {
        let xml = "<Patient xmlns=\"http://hl7.org/fhir\"><identifier><system value=\"https://fhir.nhs.uk/Id/nhs-number\"/>\n<value value=\"900 000 0009\"/></identifier></Patient>"
        #expect(errorSummaries(validateXML(xml)) == ["nhs-number.invalid@Patient.identifier[0].value@2:1"])
    }

    @Test func numberWithNoPossibleCheckDigitIsAnError() {
        // 1000000010: weighted sum 10 → 11 - 10 = 10, which no number can carry.
        #expect(errors(validateJSON(patient("1000000010"))).map(\.messageID) == ["nhs-number.invalid"])
    }

    @Test(arguments: ["900000000", "90000000091", "900000000A", "-900000009"])
    func anythingButTenDigitsIsAnError(number: String) {
        #expect(errors(validateJSON(patient(number))).map(\.message)
            == ["The NHS number '\(number)' is not valid: it must be exactly 10 digits, without spaces"])
    }

    @Test func otherIdentifierSystemsAreNotChecked() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "identifier": [{"system": "https://example.org/mrn", "value": "123"}]}"#)) == [])
    }
}
