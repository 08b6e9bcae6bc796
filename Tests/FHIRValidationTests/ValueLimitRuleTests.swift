import FHIRValidation
import Foundation
import Testing

/// `minValue[x]`, `maxValue[x]` and `maxLength` of a profile's elements.
@Suite struct ValueLimitRuleTests {
    static let profileXML = """
    <StructureDefinition xmlns="http://hl7.org/fhir">
      <url value="http://example.org/fhir/StructureDefinition/limited-observation"/>
      <name value="LimitedObservation"/><status value="draft"/><kind value="resource"/><abstract value="false"/>
      <type value="Observation"/>
      <baseDefinition value="http://hl7.org/fhir/StructureDefinition/Observation"/>
      <derivation value="constraint"/>
      <differential>
        <element id="Observation.issued"><path value="Observation.issued"/><minValueInstant value="2020-01-01T00:00:00Z"/></element>
        <element id="Observation.value[x]"><path value="Observation.value[x]"/><type><code value="Quantity"/></type>
          <minValueQuantity><value value="0"/><system value="http://unitsofmeasure.org"/><code value="kg"/></minValueQuantity>
          <maxValueQuantity><value value="500"/><system value="http://unitsofmeasure.org"/><code value="kg"/></maxValueQuantity>
        </element>
        <element id="Observation.component.value[x]"><path value="Observation.component.value[x]"/><type><code value="integer"/></type>
          <maxValueInteger value="10"/></element>
        <element id="Observation.note.text"><path value="Observation.note.text"/><maxLength value="5"/></element>
      </differential>
    </StructureDefinition>
    """

    static let validator: Validator = coreValidator(adding: [profileXML])

    private func check(_ members: String) -> [String] {
        let json = #"{"resourceType": "Observation", "status": "final", "code": {"text": "w"}\#(members)}"#
        return errorSummaries(Self.validator.validate(Array(json.utf8), format: .json,
                                                      profiles: ["http://example.org/fhir/StructureDefinition/limited-observation"]))
    }

    private func quantity(_ value: String, _ unit: String) -> String {
        #", "valueQuantity": {"value": \#(value), "system": "http://unitsofmeasure.org", "code": "\#(unit)"}"#
    }

    @Test func valuesWithinTheLimitsPass() {
        #expect(check(quantity("70", "kg") + #", "issued": "2021-05-01T10:00:00Z", "note": [{"text": "ok"}]"#) == [])
    }

    @Test func quantityBelowTheMinimumFailsAfterScalingItsUnit() {
        #expect(check(quantity("-1", "g")) == ["value.min@Observation.valueQuantity@1:92"])
        #expect(check(quantity("0", "g")) == [])
    }

    @Test func quantityAboveTheMaximumFails() {
        #expect(check(quantity("501000", "g")) == ["value.max@Observation.valueQuantity@1:92"])
    }

    @Test func quantityInUnitsThatCannotBeComparedIsAWarningOnly() {
        let result = Self.validator.validate(Array(#"{"resourceType": "Observation", "status": "final", "code": {"text": "w"}, "valueQuantity": {"value": 3, "system": "http://unitsofmeasure.org", "code": "[lb_av]"}}"#.utf8),
                                             format: .json, profiles: ["http://example.org/fhir/StructureDefinition/limited-observation"])
        #expect(errorSummaries(result) == [])
        #expect(result.issues.filter { $0.messageID == "value.limit-not-comparable" }.map(\.severity) == [.warning, .warning])
    }

    @Test func integerAboveTheMaximumFails() {
        #expect(check(#", "component": [{"code": {"text": "c"}, "valueInteger": 11}]"#) == ["value.max@Observation.component[0].valueInteger@1:129"])
    }

    @Test func instantBeforeTheMinimumFails() {
        #expect(check(#", "issued": "2019-12-31T23:59:59Z""#) == ["value.min@Observation.issued@1:85"])
    }

    @Test func textLongerThanMaxLengthFails() {
        #expect(check(#", "note": [{"text": "too long"}]"#) == ["value.max-length@Observation.note[0].text@1:93"])
    }
}
