import Testing

@Suite struct AttachmentSizeRuleTests {
    @Test func statedSizeMatchingTheDataPasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "photo": [{"contentType": "text/plain", "data": "aGVsbG8=", "size": 5}]}"#)) == [])
    }

    @Test func statedSizeDifferentFromTheDataIsAnErrorInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "photo": [{"contentType": "text/plain", "data": "aGVsbG8=", "size": 7}]}"#)
        #expect(errorSummaries(result) == ["attachment.size-mismatch@Patient.photo[0].size@1:97"])
        #expect(errors(result).first?.message == "Stated Attachment Size 7 does not match actual attachment size 5")
    }

    @Test func statedSizeDifferentFromTheDataIsAnErrorInXML() {
        let xml = "<Patient xmlns=\"http://hl7.org/fhir\"><photo><contentType value=\"text/plain\"/>\n<data value=\"aGk=\"/>\n<size value=\"3\"/></photo></Patient>"
        #expect(errorSummaries(validateXML(xml)) == ["attachment.size-mismatch@Patient.photo[0].size@3:1"])
    }
}
