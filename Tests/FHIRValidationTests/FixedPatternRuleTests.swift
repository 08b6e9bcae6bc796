import FHIRElements
import Testing
@testable import FHIRValidation

/// `conforms` (the fast test slice matching and the usual case use) and `firstDifference` (the
/// finding's description) must agree on every value: a drift between them would either hide
/// a finding or report one without a description.
@Suite struct FixedPatternRuleTests {
    private func value(_ json: String) -> Element {
        ResourceParser.parse(Array(#"{"resourceType": "Basic", "x": \#(json)}"#.utf8), format: .json).root!.child("x")!
    }

    static let cases: [(element: String, pattern: String)] = [
        (#"{"system": "http://loinc.org", "code": "8302-2"}"#, #"{"system": "http://loinc.org", "code": "8302-2"}"#),
        (#"{"system": "http://loinc.org", "code": "8302-2", "display": "Body height"}"#, #"{"system": "http://loinc.org", "code": "8302-2"}"#),
        (#"{"system": "http://loinc.org", "code": "8480-6"}"#, #"{"system": "http://loinc.org", "code": "8302-2"}"#),
        (#"{"code": "8302-2"}"#, #"{"system": "http://loinc.org", "code": "8302-2"}"#),
        (#"{"coding": [{"system": "a", "code": "1"}, {"system": "b", "code": "2"}], "text": "t"}"#, #"{"coding": [{"system": "b", "code": "2"}]}"#),
        (#"{"coding": [{"system": "a", "code": "1"}]}"#, #"{"coding": [{"system": "b", "code": "2"}]}"#),
        (#"{"id": "i", "extension": [{"url": "u", "valueString": "v"}], "system": "s"}"#, #"{"system": "s"}"#),
        (#"{"value": 1.0, "unit": "cm"}"#, #"{"value": 1.0}"#),
        (#"{"value": 1.00}"#, #"{"value": 1.0}"#),
    ]

    @Test(arguments: cases)
    func theFastTestAgreesWithTheDescription(element: String, pattern: String) {
        let instance = value(element), wanted = value(pattern)
        for exact in [false, true] {
            let difference = FixedPatternRule.firstDifference(instance, pattern: wanted, exact: exact, path: "")
            #expect(FixedPatternRule.conforms(instance, to: wanted, exact: exact) == (difference == nil), "exact: \(exact), difference: \(difference ?? "none")")
        }
    }

    @Test func findingsNameWhatDiffers() {
        let coding = value(#"{"system": "http://loinc.org", "code": "8480-6", "display": "x"}"#)
        let pattern = value(#"{"system": "http://loinc.org", "code": "8302-2"}"#)
        #expect(FixedPatternRule.firstDifference(coding, pattern: pattern, exact: false, path: "") == "code is '8480-6', expected '8302-2'")
        let fixed = value(#"{"system": "http://loinc.org", "code": "8480-6"}"#)
        #expect(FixedPatternRule.firstDifference(coding, pattern: fixed, exact: true, path: "") == "display is present but not in the fixed value")
        #expect(FixedPatternRule.firstDifference(value(#"{"code": "1"}"#), pattern: pattern, exact: false, path: "") == "system is missing")
    }
}
