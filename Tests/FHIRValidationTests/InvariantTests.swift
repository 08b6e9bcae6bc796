import Testing

/// The R4 base invariants that commonly fire, each failing and passing, evaluated by the FHIRPath engine.
@Suite struct InvariantTests {
    private func ids(_ json: String) -> [String] { validateJSON(json).issues.filter { $0.code == .invariant }.map(summary) }
    private func idsXML(_ xml: String) -> [String] { validateXML(xml).issues.filter { $0.code == .invariant }.map(summary) }

    static let narrative = #""text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}"#

    @Test func ext1ExtensionWithValueAndChildren() {
        let bad = #"{"resourceType": "Patient", \#(Self.narrative), "extension": [{"url": "http://example.org/x", "valueString": "a", "extension": [{"url": "b", "valueString": "c"}]}]}"#
        #expect(ids(bad) == ["ext-1@Patient.extension[0]@1:138"])
        let good = #"{"resourceType": "Patient", \#(Self.narrative), "extension": [{"url": "http://example.org/x", "valueString": "a"}]}"#
        #expect(ids(good) == [])
    }

    @Test func per1PeriodStartNotAfterEnd() {
        // per-1: start <= end.
        let bad = #"{"resourceType": "Patient", \#(Self.narrative), "name": [{"family": "x", "period": {"start": "2020-02-01", "end": "2020-01-01"}}]}"#
        #expect(ids(bad) == ["per-1@Patient.name[0].period@1:159"])
        let good = #"{"resourceType": "Patient", \#(Self.narrative), "name": [{"family": "x", "period": {"start": "2020-01-01", "end": "2020-02-01"}}]}"#
        #expect(ids(good) == [])
    }

    @Test func ref1LocalReferenceNeedsAContainedResource() {
        let bad = ##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}, "managingOrganization": {"reference": "#org"}}"##
        #expect(ids(bad) == ["ref-1@Patient.managingOrganization@1:148"])
        let good = ##"{"resourceType": "Patient", "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"}, "contained": [{"resourceType": "Organization", "id": "org", "name": "X"}], "managingOrganization": {"reference": "#org"}}"##
        #expect(ids(good) == [])  // no ref-1, and no best-practice dom-6 for the contained Organization
    }

    @Test func obs7ValueNotAlsoInAComponentWithTheSameCode() {
        let base = #"{"resourceType": "Observation", \#(Self.narrative), "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]}, "valueString": "a", "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "CODE"}]}, "valueString": "b"}]}"#
        #expect(ids(base.replacingOccurrences(of: "CODE", with: "8480-6")) == ["obs-7@Observation@1:1"])
        #expect(ids(base.replacingOccurrences(of: "CODE", with: "8462-4")) == [])
    }

    @Test func dom6NarrativeIsABestPracticeWarning() {
        let result = validateJSON(#"{"resourceType": "Patient"}"#)
        #expect(result.issues.map(summary) == ["dom-6@Patient@1:1"])
        #expect(result.issues.first?.severity == .warning)
    }

    @Test func pat1ContactNeedsDetailsInXML() {
        let bad = "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></text>\n<contact><gender value=\"male\"/></contact></Patient>"
        #expect(idsXML(bad) == ["pat-1@Patient.contact[0]@2:1"])
        let good = bad.replacingOccurrences(of: "<gender value=\"male\"/>", with: "<name><family value=\"x\"/></name>")
        #expect(idsXML(good) == [])
    }

    @Test func obs6And7ObservationRules() {
        let base = #"{"resourceType": "Observation", \#(Self.narrative), "status": "final", "code": {"text": "x"}, "#
        #expect(ids(base + #""valueString": "a", "dataAbsentReason": {"text": "b"}}"#) == ["obs-6@Observation@1:1"])
        #expect(ids(base + #""valueString": "a", "component": [{"code": {"text": "x"}, "valueString": "v"}]}"#) == [])
        #expect(ids(base + #""code": {"text": "x"}}"#).isEmpty)
    }

    @Test func qty3QuantityCodeNeedsASystem() {
        let bad = #"{"resourceType": "Observation", \#(Self.narrative), "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1, "code": "mg"}}"#
        #expect(ids(bad) == ["qty-3@Observation.valueQuantity@1:187"])
        let good = bad.replacingOccurrences(of: #""code": "mg""#, with: #""code": "mg", "system": "http://unitsofmeasure.org""#)
        #expect(ids(good) == [])
    }

    @Test func systemTypeTestsInCoreInvariantsAcceptFHIRPrimitives() {
        // que-7: "operator = 'exists' implies (answer is Boolean)" holds for a FHIR boolean answer.
        let questionnaire = #"{"resourceType": "Questionnaire", "status": "active", "item": [{"linkId": "a", "type": "boolean"}, {"linkId": "b", "type": "string", "enableWhen": [{"question": "a", "operator": "exists", "answerBoolean": true}]}]}"#
        #expect(errors(validateJSON(questionnaire)).isEmpty)
        let wrong = questionnaire.replacingOccurrences(of: #""answerBoolean": true"#, with: #""answerString": "yes""#)
        #expect(errors(validateJSON(wrong)).map(\.messageID) == ["que-7"])
    }
}

/// R4 invariants whose published expression contradicts their text are evaluated as corrected.
@Suite struct InvariantErrataTests {
    private func questionnaire(enableWhen count: Int, behavior: Bool) -> [String] {
        let conditions = (0..<count).map { _ in #"{"question": "q1", "operator": "exists", "answerBoolean": true}"# }.joined(separator: ", ")
        let json = #"{"resourceType": "Questionnaire", "status": "draft", "item": [{"linkId": "q1", "type": "boolean"}, {"linkId": "q2", "type": "boolean", "enableWhen": [\#(conditions)]\#(behavior ? #", "enableBehavior": "all""# : "")}]}"#
        return errors(validateJSON(json)).filter { $0.messageID == "que-12" }.map(summary)
    }

    @Test func twoEnableWhenNeedAnEnableBehavior() {
        #expect(questionnaire(enableWhen: 2, behavior: false).count == 1)
        #expect(questionnaire(enableWhen: 2, behavior: true) == [])
    }

    @Test func oneEnableWhenNeedsNoEnableBehavior() {
        #expect(questionnaire(enableWhen: 1, behavior: false) == [])
    }
}
