import FHIRValidation
import Testing

/// Slicing by the type of a reference's target (`item.resolve()`), followed to contained resources.
@Suite struct ResolveDiscriminatorTests {
    static let profile = """
    <StructureDefinition xmlns="http://hl7.org/fhir">
      <url value="http://example.org/fhir/StructureDefinition/typed-list"/>
      <name value="TypedList"/><status value="draft"/><kind value="resource"/><abstract value="false"/>
      <type value="List"/><baseDefinition value="http://hl7.org/fhir/StructureDefinition/List"/><derivation value="constraint"/>
      <differential>
        <element id="List.entry"><path value="List.entry"/>
          <slicing><discriminator><type value="type"/><path value="item.resolve()"/></discriminator><rules value="closed"/></slicing></element>
        <element id="List.entry:condition"><path value="List.entry"/><sliceName value="condition"/><min value="1"/><max value="1"/></element>
        <element id="List.entry:condition.item"><path value="List.entry.item"/>
          <type><code value="Reference"/><targetProfile value="http://hl7.org/fhir/StructureDefinition/Condition"/></type></element>
        <element id="List.entry:observation"><path value="List.entry"/><sliceName value="observation"/><min value="0"/><max value="*"/></element>
        <element id="List.entry:observation.item"><path value="List.entry.item"/>
          <type><code value="Reference"/><targetProfile value="http://hl7.org/fhir/StructureDefinition/Observation"/></type></element>
      </differential>
    </StructureDefinition>
    """
    static let validator = coreValidator(adding: [profile])

    private func list(_ contained: [(id: String, type: String)]) -> [String] {
        let resources = contained.map { item -> String in
            item.type == "Condition"
                ? #"{"resourceType": "Condition", "id": "\#(item.id)", "subject": {"reference": "Patient/p"}}"#
                : #"{"resourceType": "Observation", "id": "\#(item.id)", "status": "final", "code": {"text": "x"}}"#
        }
        let entries = contained.map { ##"{"item": {"reference": "#\##($0.id)"}}"## }
        let json = #"{"resourceType": "List", "status": "current", "mode": "working", "contained": [\#(resources.joined(separator: ", "))], "entry": [\#(entries.joined(separator: ", "))]}"#
        return errors(Self.validator.validate(Array(json.utf8), format: .json, profiles: ["http://example.org/fhir/StructureDefinition/typed-list"]))
            .filter { $0.messageID.hasPrefix("slicing.") }.map(\.messageID)
    }

    @Test func entriesAreSlicedByTheirTargetsType() {
        #expect(list([("c1", "Condition"), ("o1", "Observation"), ("o2", "Observation")]) == [])
    }

    @Test func twoConditionsBreakTheConditionSlicesMaximum() {
        #expect(list([("c1", "Condition"), ("c2", "Condition")]) == ["slicing.max"])
    }

    @Test func missingConditionBreaksTheRequiredSlice() {
        #expect(list([("o1", "Observation")]) == ["slicing.min"])
    }
}
