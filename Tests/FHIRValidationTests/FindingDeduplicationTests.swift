import FHIRElements
import FHIRValidation
import Testing

/// A finding reported by several passes (the same profile asked for twice) is reported once,
/// for a few findings and for many alike.
@Suite struct FindingDeduplicationTests {
    /// A vital-sign Observation whose components each have a unit outside the profile's units value set.
    static func observation(components: Int) -> String {
        let component = #"{"code":{"text":"x"},"valueQuantity":{"value":1,"system":"http://unitsofmeasure.org","code":"mm"}}"#
        return #"{"resourceType":"Observation","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"1234-5"}]},"subject":{"reference":"Patient/a"},"effectiveDateTime":"2024-01-01","component":["#
            + Array(repeating: component, count: components).joined(separator: ",") + "]}"
    }

    @Test(arguments: [1, 3, 40])
    func aFindingOfTwoPassesIsReportedOnce(components: Int) {
        let vitalSigns = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
        let result = validateJSON(Self.observation(components: components), profiles: [vitalSigns, vitalSigns])
        let units = result.issues.filter { $0.messageID == "binding.not-in-value-set" && $0.expression?.hasSuffix(".valueQuantity") == true }
        #expect(units.map(\.expression) == (0..<components).map { "Observation.component[\($0)].valueQuantity" })
        #expect(result.issues.filter { $0.messageID == "binding.not-in-value-set" && $0.expression == "Observation.code" }.count == 1)
    }
}
