import Testing

/// R4: an Observation with a vital-signs LOINC code SHALL conform to that vital sign's profile.
@Suite struct VitalSignsProfilesTests {
    private func heartRateJSON(category: Bool, code: String = "8867-4", status: Bool = true, codings extra: String = "") -> String {
        let categoryJSON = category ? #""category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}], "# : ""
        let statusJSON = status ? #""status": "final", "# : ""
        return #"{"resourceType": "Observation", \#(statusJSON)\#(categoryJSON)"code": {"coding": [{"system": "http://loinc.org", "code": "\#(code)"}\#(extra)]}, "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-01", "valueQuantity": {"value": 70, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}"#
    }

    private func heartRate(category: Bool, code: String = "8867-4") -> [String] {
        errors(validateJSON(heartRateJSON(category: category, code: code))).map { "\($0.messageID)@\($0.profile ?? "")" }
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

    /// The one profile a code selects is checked in place of the base definition (its snapshot
    /// states every base rule): a base finding is reported once, naming the profile.
    @Test func aBaseFindingIsReportedOnceByTheSelectedProfile() {
        let found = errors(validateJSON(heartRateJSON(category: true, status: false)))
        #expect(found.map { "\($0.messageID)@\($0.expression ?? "")@\($0.profile ?? "")" }
            == ["cardinality.min@Observation@http://hl7.org/fhir/StructureDefinition/heartrate"])
        #expect(found.first?.message == "Observation.status: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/heartrate)")
    }

    /// A leaf the profile fixes (the heart rate's `valueQuantity.system`) is checked for its form
    /// and then for its fixed value, as any element is; with an extension it is checked the same.
    @Test func aLeafTheProfileFixesIsCheckedForItsFormThenItsFixedValue() {
        let wrong = heartRateJSON(category: true).replacingOccurrences(of: #""system": "http://unitsofmeasure.org""#,
                                                                          with: #""system": "http://unitsofmeasure.org/x y""#)
        #expect(errorSummaries(validateJSON(wrong)) == ["primitive.format@Observation.valueQuantity.system@1:380",
                                                        "fixed.value@Observation.valueQuantity.system@1:380"])
        let withExtension = wrong.replacingOccurrences(of: #""code": "/min"}"#,
                                                       with: #""code": "/min", "_system": {"extension": [{"url": "http://example.org/x", "valueString": "y"}]}}"#)
        #expect(errorSummaries(validateJSON(withExtension)).filter { !$0.hasPrefix("extension.") }
            == ["primitive.format@Observation.valueQuantity.system@1:380", "fixed.value@Observation.valueQuantity.system@1:380"])
        #expect(errorSummaries(validateJSON(heartRateJSON(category: true))) == [])
    }

    /// What parsing finds is not the profile's finding.
    @Test func aParsingFindingNamesNoProfile() {
        let json = heartRateJSON(category: true, status: false).replacingOccurrences(of: #""subject""#, with: #""note": [], "subject""#)
        #expect(errors(validateJSON(json)).map { "\($0.messageID)@\($0.profile ?? "")" }.sorted()
            == ["cardinality.min@http://hl7.org/fhir/StructureDefinition/heartrate", "json.empty-array@"])
    }

    /// Codes selecting two profiles: the base definition and each profile are checked; a base
    /// finding is reported once, unnamed; a finding both profiles make (the missing VSCat
    /// category) once, naming the first; a profile's own finding (bodyheight's units) names it.
    @Test func twoSelectedProfilesAreEachCheckedBesideTheBase() {
        let height = #", {"system": "http://loinc.org", "code": "8302-2"}"#
        let found = errors(validateJSON(heartRateJSON(category: false, status: false, codings: height)))
            .map { "\($0.messageID)@\($0.profile ?? "")" }
        #expect(found.sorted() == [
            "binding.not-in-value-set@http://hl7.org/fhir/StructureDefinition/bodyheight",
            "cardinality.min@",
            "cardinality.min@http://hl7.org/fhir/StructureDefinition/heartrate",
            "slicing.min@http://hl7.org/fhir/StructureDefinition/heartrate",
        ])
    }

    @Test func aBundleEntryIsCheckedOnceAgainstTheProfileItsCodeSelects() {
        let entry = heartRateJSON(category: false, status: false)
        let bundle = #"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:0c3a1ad4-3c8f-4b1e-9d31-0e4f0f1f6d2a", "resource": \#(entry)}]}"#
        let found = errors(validateJSON(bundle))
        #expect(found.allSatisfy { $0.expression == "Bundle.entry[0].resource" })
        #expect(found.map(\.message).sorted() == [
            "Observation.category: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/heartrate)",
            "Observation.status: minimum required = 1, but only found 0 (from http://hl7.org/fhir/StructureDefinition/heartrate)",
            "Slice 'Observation.category:VSCat': a matching slice is required, but not found (from http://hl7.org/fhir/StructureDefinition/heartrate)",
        ])
    }
}
