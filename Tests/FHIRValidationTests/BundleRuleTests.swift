import Testing

@Suite struct BundleRuleTests {
    private func document(_ entries: String) -> String {
        #"{"resourceType": "Bundle", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:00000000-0000-0000-0000-0000000000aa"}, "type": "document", "timestamp": "2020-01-01T00:00:00Z", "entry": [\#(entries)]}"#
    }

    static let composition = #"{"fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000001", "resource": {"resourceType": "Composition", "status": "final", "type": {"text": "x"}, "date": "2020", "author": [{"display": "a"}], "title": "t", "subject": {"reference": "urn:uuid:00000000-0000-0000-0000-000000000002"}}}"#
    static let patient = #"{"fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000002", "resource": {"resourceType": "Patient"}}"#

    @Test func resolvableDocumentPasses() {
        #expect(errorSummaries(validateJSON(document(Self.composition + ", " + Self.patient))) == [])
    }

    @Test func unresolvableReferenceInADocumentIsAnError() {
        let result = validateJSON(document(Self.composition))
        #expect(errors(result).map(\.messageID) == ["bundle.reference-unresolved"])
        #expect(errors(result).first?.expression == "Bundle.entry[0].resource.subject")
    }

    private func message(_ focus: String, _ entries: String) -> String {
        #"{"resourceType": "Bundle", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:00000000-0000-0000-0000-0000000000bb"}, "type": "message", "timestamp": "2020-01-01T00:00:00Z", "entry": [{"fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000010", "resource": {"resourceType": "MessageHeader", "eventCoding": {"system": "http://example.org/events", "code": "e"}, "source": {"endpoint": "http://example.org/src"}, "focus": [{"reference": "\#(focus)"}]}}\#(entries)]}"#
    }

    @Test func unresolvableMessageFocusIsAnError() {
        let result = validateJSON(message("urn:uuid:00000000-0000-0000-0000-000000000099", ", " + Self.patient))
        #expect(errorSummaries(result) == ["bundle.reference-unresolved@Bundle.entry[0].resource.focus[0]@1:449"])
    }

    @Test func otherUnresolvableReferenceInAMessageIsAWarning() {
        let provenance = #", {"fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000003", "resource": {"resourceType": "Provenance", "target": [{"reference": "urn:uuid:00000000-0000-0000-0000-000000000077"}], "recorded": "2020-01-01T00:00:00Z", "agent": [{"who": {"display": "a"}}]}}"#
        let result = validateJSON(message("urn:uuid:00000000-0000-0000-0000-000000000002", ", " + Self.patient + provenance))
        #expect(errorSummaries(result) == [])
        let unresolved = result.issues.filter { $0.messageID == "bundle.reference-unresolved" }
        #expect(unresolved.map(\.severity) == [.warning])
        #expect(unresolved.first?.expression == "Bundle.entry[2].resource.target[0]")
    }

    @Test func documentWithoutIdentifierAndTimestampFailsBdl9AndBdl10() {
        let json = #"{"resourceType": "Bundle", "type": "document", "entry": [\#(Self.composition), \#(Self.patient)]}"#
        #expect(errorSummaries(validateJSON(json)) == ["bdl-9@Bundle@1:1", "bdl-10@Bundle@1:1"])
    }

    @Test func relativeFullUrlIsAnError() {
        let result = validateJSON(#"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"#)
        #expect(errors(result).map(\.messageID) == ["bundle.fullurl-relative"])
        #expect(errors(result).first?.expression == "Bundle.entry[0].fullUrl")
    }

    @Test func restfulFullUrlMustAgreeWithTheResourceInXML() {
        let xml = """
        <Bundle xmlns="http://hl7.org/fhir"><type value="collection"/>
          <entry><fullUrl value="http://acme.com/Patient/pat1"/><resource><Patient><id value="pat2"/></Patient></resource></entry>
        </Bundle>
        """
        #expect(errorSummaries(validateXML(xml)) == ["bundle.fullurl-mismatch@Bundle.entry[0].fullUrl@2:10"])
    }

    @Test func duplicateFullUrlIsBdl7AndMissingFullUrlIsAnError() {
        let json = #"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000002", "resource": {"resourceType": "Patient"}}, {"fullUrl": "urn:uuid:00000000-0000-0000-0000-000000000002", "resource": {"resourceType": "Patient"}}, {"resource": {"resourceType": "Patient"}}]}"#
        #expect(errors(validateJSON(json)).map(\.messageID) == ["bdl-7", "bundle.fullurl-missing"])
    }

    @Test func transactionEntriesNeedNoFullUrl() {
        let json = #"{"resourceType": "Bundle", "type": "transaction", "entry": [{"resource": {"resourceType": "Patient"}, "request": {"method": "POST", "url": "Patient"}}]}"#
        #expect(errorSummaries(validateJSON(json)) == [])
    }
}
