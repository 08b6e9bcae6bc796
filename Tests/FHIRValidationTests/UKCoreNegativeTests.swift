import FHIRValidation
import Foundation
import Testing

/// One negative case per profile rule kind, on real UK Core STU2 profiles (snapshots generated
/// here from their differentials), each asserting the exact issue and expression.
@Suite struct UKCoreNegativeTests {
    static let base = "https://fhir.hl7.org.uk/StructureDefinition/"

    private func issues(_ json: String, _ profile: String) -> [String] {
        errors(SlicingTests.ukCore.validate(Array(json.utf8), format: .json, profiles: [Self.base + profile]))
            .map { "\($0.messageID)@\($0.expression ?? "")" }
    }

    static let bloodPressure = #"""
    {"resourceType": "Observation", "status": "final",
     "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "CATEGORY"}]}],
     "code": {"coding": [{"system": "http://snomed.info/sct", "code": "75367002"}, {"system": "http://loinc.org", "code": "85354-9"}]},
     "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-01",
     "component": [
       {"code": {"coding": [{"system": "http://snomed.info/sct", "code": "72313002", "display": "Systolic arterial pressure"}, {"system": "http://loinc.org", "code": "8480-6"}], "text": "Systolic blood pressure"}, "valueQuantity": {"value": 120, "unit": "millimeter of mercury", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}},
       {"code": {"coding": [{"system": "http://snomed.info/sct", "code": "1091811000000102", "display": "Diastolic arterial pressure"}, {"system": "http://loinc.org", "code": "8462-4"}], "text": "Diastolic blood pressure"}, "valueQuantity": {"value": 80, "unit": "millimeter of mercury", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}]}
    """#

    @Test func vitalSignsCategoryPatternHolds() {
        #expect(issues(Self.bloodPressure.replacingOccurrences(of: "CATEGORY", with: "vital-signs"), "UKCore-Observation-VitalSigns-BloodPressure") == [])
    }

    @Test func categoryOutsideTheFixedValueIsReported() {
        // UK Core fixes the category; R4's own bp profile (required by the LOINC code) then misses its VSCat slice.
        #expect(issues(Self.bloodPressure.replacingOccurrences(of: "CATEGORY", with: "laboratory"), "UKCore-Observation-VitalSigns-BloodPressure") ==
            ["slicing.min@Observation", "fixed.value@Observation.category[0].coding[0].code"])
    }

    @Test func subjectReferenceToATypeTheProfileCannotTargetIsReported() {
        let observation = Self.bloodPressure.replacingOccurrences(of: "CATEGORY", with: "vital-signs")
            .replacingOccurrences(of: "Patient/p", with: "Medication/m")
        // Reported by UK Core's profile and by R4's bp profile, each naming the targets it allows.
        #expect(issues(observation, "UKCore-Observation-VitalSigns-BloodPressure")
            == ["reference.target-type@Observation.subject.reference", "reference.target-type@Observation.subject.reference"])
    }

    @Test func closedComponentSlicingRejectsAnUnknownComponent() {
        let extra = #"{"code": {"coding": [{"system": "http://loinc.org", "code": "8478-0"}], "text": "Mean blood pressure"}, "valueQuantity": {"value": 95, "unit": "millimeter of mercury", "system": "http://unitsofmeasure.org", "code": "mm[Hg]"}}"#
        let observation = Self.bloodPressure.replacingOccurrences(of: "CATEGORY", with: "vital-signs")
            .replacingOccurrences(of: #""component": ["#, with: #""component": ["# + extra + ",")
        #expect(observation.contains("Mean blood pressure"))
        #expect(issues(observation, "UKCore-Observation-VitalSigns-BloodPressure") == [
            "slicing.min@Observation.component[0].code",  // the component's code has no SNOMED CT coding
            "slicing.no-match@Observation.component[0]",  // closed slicing: it matches neither Systolic nor Diastolic
            "cardinality.max@Observation.component",  // and the profile allows two components
        ])
    }
}
