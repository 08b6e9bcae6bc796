import Testing
@testable import FHIRValidation

@Suite struct BundleSearchRuleTests {
    private func ids(_ json: String) -> [String] {
        errors(validateJSON(json)).filter { $0.messageID.hasPrefix("bundle.search") || $0.messageID == "bundle.link-repeated" }
            .map { "\($0.messageID)@\($0.expression ?? "")" }
    }

    @Test func pagingLinksOccurOnce() {
        let bundle = #"{"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://x/Patient"}, {"relation": "self", "url": "http://x/Patient?a=1"}, {"relation": "next", "url": "http://x/p2"}]}"#
        #expect(ids(bundle) == ["bundle.link-repeated@Bundle.link[1]"])
    }

    @Test func searchEntriesMatchTheSearch() {
        let bundle = #"""
        {"resourceType": "Bundle", "type": "searchset", "link": [{"relation": "self", "url": "http://x/fhir/Observation?code=1"}], "entry": [
          {"fullUrl": "http://x/fhir/Observation/1", "resource": {"resourceType": "Observation", "id": "1", "status": "final", "code": {"text": "t"}}, "search": {"mode": "match"}},
          {"fullUrl": "urn:uuid:8a7b8c4e-7f7e-4e55-9c6b-0c8f0a1c2d3e", "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "t"}}, "search": {"mode": "match"}},
          {"fullUrl": "http://x/fhir/Patient/2", "resource": {"resourceType": "Patient", "id": "2"}, "search": {"mode": "match"}},
          {"fullUrl": "http://x/fhir/Patient/3", "resource": {"resourceType": "Patient", "id": "3"}, "search": {"mode": "include"}},
          {"fullUrl": "urn:uuid:5a7b8c4e-7f7e-4e55-9c6b-0c8f0a1c2d3e", "resource": {"resourceType": "Patient"}, "search": {"mode": "outcome"}}
        ]}
        """#
        #expect(ids(bundle) == ["bundle.search-id@Bundle.entry[1].resource", "bundle.search-type@Bundle.entry[2].resource",
                                "bundle.search-outcome@Bundle.entry[4].resource"])
    }
}

@Suite struct EmbeddedHTMLTests {
    @Test(arguments: ["Standard <script>somescript</script>", "<img src=x onerror=alert(1)>", "bold </b> text", "<IFRAME src=x>"])
    func tagsAreFound(text: String) {
        #expect(EmbeddedHTML.containsTags(text))
    }

    @Test(arguments: ["x < 5 and y > 3", "<<5>>", "a<b", "see <http://example.org>", "<unknown>"])
    func textIsNotMarkup(text: String) {
        #expect(!EmbeddedHTML.containsTags(text))
    }

    @Test func scriptInAStringIsASecurityError() {
        let result = validateJSON(#"{"resourceType": "Patient", "name": [{"text": "Standard <script>x</script>"}]}"#)
        #expect(errorSummaries(result) == ["security.html-in-string@Patient.name[0].text@1:47"])
    }
}

@Suite struct CapabilityStatementRuleTests {
    private func statement(_ type: String) -> String {
        #"{"resourceType": "CapabilityStatement", "status": "active", "date": "2024-01-01", "kind": "requirements", "description": "d", "fhirVersion": "4.0.1", "format": ["json"], "rest": [{"mode": "server", "resource": [{"type": "AllergyIntolerance", "searchParam": [{"name": "clinical-status", "definition": "http://hl7.org/fhir/SearchParameter/AllergyIntolerance-clinical-status", "type": "\#(type)"}]}]}]}"#
    }

    @Test func searchParameterTypeMustMatchItsDefinition() {
        #expect(errors(validateJSON(statement("date"))).map { "\($0.messageID)@\($0.expression ?? "")" } ==
            ["capability.search-type@CapabilityStatement.rest[0].resource[0].searchParam[0]"])
        #expect(errors(validateJSON(statement("token"))).isEmpty)
    }
}
