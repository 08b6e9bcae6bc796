import Testing

/// Extensions are used only where their definition's `context` allows (R4 core extensions).
@Suite struct ExtensionContextRuleTests {
    static let mothersFamily = "http://hl7.org/fhir/StructureDefinition/humanname-mothers-family"
    static let birthPlace = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"

    private func contextErrors(_ json: String) -> [String] {
        errors(validateJSON(json)).filter { $0.messageID == "extension.context" }.map(summary)
    }

    @Test func extensionOnTheElementItsContextNamesPasses() {
        #expect(contextErrors(#"{"resourceType": "Patient", "name": [{"family": "Garcia", "_family": {"extension": [{"url": "\#(Self.mothersFamily)", "valueString": "Lopez"}]}}]}"#) == [])
    }

    @Test func extensionOnTheParentOfItsContextIsAnError() {
        #expect(contextErrors(#"{"resourceType": "Patient", "name": [{"extension": [{"url": "\#(Self.mothersFamily)", "valueString": "Lopez"}], "family": "Garcia"}]}"#)
            == ["extension.context@Patient.name[0].extension[0]@1:53"])
    }

    @Test func resourceContextAllowsOnlyThatResource() {
        let extensionJSON = #"{"url": "\#(Self.birthPlace)", "valueAddress": {"city": "Leeds"}}"#
        #expect(contextErrors(#"{"resourceType": "Patient", "extension": [\#(extensionJSON)]}"#) == [])
        #expect(contextErrors(#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "extension": [\#(extensionJSON)]}"#)
            == ["extension.context@Observation.extension[0]@1:89"])
    }

    @Test func elementContextAllowsAnyElement() {
        let absent = #"{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}"#
        #expect(contextErrors(#"{"resourceType": "Patient", "_gender": {"extension": [\#(absent)]}, "name": [{"extension": [\#(absent)], "family": "x"}]}"#) == [])
    }
}
