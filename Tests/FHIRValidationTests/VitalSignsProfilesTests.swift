import Testing

/// R4: an Observation with a vital-signs LOINC code SHALL conform to that vital sign's profile.
@Suite struct VitalSignsProfilesTests {
    private func heartRate(category: Bool, code: String = "8867-4") -> [String] {
        let categoryJSON = category ? #""category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}], "# : ""
        let json = #"{"resourceType": "Observation", "status": "final", \#(categoryJSON)"code": {"coding": [{"system": "http://loinc.org", "code": "\#(code)"}]}, "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-01", "valueQuantity": {"value": 70, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}"#
        return errors(validateJSON(json)).map { "\($0.messageID)@\($0.profile ?? "")" }
    }

    @Test func conformingHeartRatePasses() {
        #expect(heartRate(category: true) == [])
    }

    @Test func heartRateWithoutTheVitalSignsCategoryFailsTheHeartRateProfile() {
        #expect(heartRate(category: false).contains("slicing.min@http://hl7.org/fhir/StructureDefinition/heartrate"))
    }

    @Test func otherCodesSelectNoVitalSignsProfile() {
        #expect(heartRate(category: false, code: "1234-5") == [])
    }
}
