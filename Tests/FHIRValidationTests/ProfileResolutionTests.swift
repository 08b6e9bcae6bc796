import Testing

/// What a profile that cannot be applied gives: an unknown one, and one for another resource type.
@Suite struct ProfileResolutionTests {
    private let patient = #"{"resourceType": "Patient", "gender": "male"}"#

    @Test func anUnknownRequestedProfileIsAnError() {
        let result = validateJSON(patient, profiles: ["http://example.org/StructureDefinition/none"])
        #expect(errorSummaries(result) == ["profile.unknown@Patient@1:1"])
        #expect(errors(result).first?.message == "Unable to resolve the profile 'http://example.org/StructureDefinition/none'")
    }

    @Test func aProfileForAnotherTypeIsAnError() {
        let result = validateJSON(patient, profiles: ["http://hl7.org/fhir/StructureDefinition/vitalsigns"])
        #expect(errorSummaries(result) == ["profile.wrong-type@Patient@1:1"])
        #expect(errors(result).first?.message == "The profile 'http://hl7.org/fhir/StructureDefinition/vitalsigns' is for Observation, not Patient")
    }
}
