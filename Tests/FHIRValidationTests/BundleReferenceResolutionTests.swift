import FHIRElements
import FHIRValidation
import Testing

/// References between the entries of a document Bundle, in each form the specification allows.
@Suite struct BundleReferenceResolutionTests {
    private func document(subject: String, patientFullUrl: String, versionId: String? = nil, extraPatient: Bool = false) -> String {
        let meta = versionId.map { #", "meta": {"versionId": "\#($0)"}"# } ?? ""
        let patient = #"{"fullUrl": "\#(patientFullUrl)", "resource": {"resourceType": "Patient", "id": "p1"\#(meta)}}"#
        let entries = [
            #"{"fullUrl": "http://example.org/fhir/Composition/c1", "resource": {"resourceType": "Composition", "id": "c1", "status": "final", "type": {"text": "x"}, "date": "2020", "author": [{"display": "a"}], "title": "t", "subject": {"reference": "\#(subject)"}}}"#,
            patient,
        ] + (extraPatient ? [patient.replacingOccurrences(of: "\"p1\"", with: "\"p1\", \"language\": \"en\"")] : [])
        return #"{"resourceType": "Bundle", "identifier": {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:00000000-0000-0000-0000-0000000000aa"}, "type": "document", "timestamp": "2020-01-01T00:00:00Z", "entry": [\#(entries.joined(separator: ", "))]}"#
    }

    private func bundleIssues(_ text: String) -> [String] {
        validateJSON(text).issues.filter { $0.messageID.hasPrefix("bundle.reference") || $0.messageID == "bdl-7" }.map(\.messageID)
    }

    @Test func relativeReferenceResolvesAgainstTheServerBaseOfTheEntry() {
        #expect(bundleIssues(document(subject: "Patient/p1", patientFullUrl: "http://example.org/fhir/Patient/p1")) == [])
    }

    @Test func relativeReferenceToAnotherServerDoesNotResolve() {
        #expect(bundleIssues(document(subject: "Patient/p1", patientFullUrl: "http://other.org/fhir/Patient/p1")) == ["bundle.reference-unresolved"])
    }

    @Test func absoluteReferenceResolvesByFullUrl() {
        #expect(bundleIssues(document(subject: "http://example.org/fhir/Patient/p1", patientFullUrl: "http://example.org/fhir/Patient/p1")) == [])
    }

    @Test func urnUuidReferenceResolvesByFullUrl() {
        let urn = "urn:uuid:9d1a2b3c-0000-4000-8000-000000000001"
        #expect(bundleIssues(document(subject: urn, patientFullUrl: urn)) == [])
        #expect(bundleIssues(document(subject: "urn:uuid:9d1a2b3c-0000-4000-8000-000000000002", patientFullUrl: urn)) == ["bundle.reference-unresolved"])
    }

    @Test func versionedReferenceMustMatchTheEntrysVersionId() {
        let base = "http://example.org/fhir/Patient/p1"
        #expect(bundleIssues(document(subject: "Patient/p1/_history/2", patientFullUrl: base, versionId: "2")) == [])
        #expect(bundleIssues(document(subject: "Patient/p1/_history/3", patientFullUrl: base, versionId: "2")) == ["bundle.reference-unresolved"])
    }

    @Test func referenceMatchingTwoEntriesIsAmbiguous() {
        let issues = bundleIssues(document(subject: "Patient/p1", patientFullUrl: "http://example.org/fhir/Patient/p1", extraPatient: true))
        #expect(issues.contains("bundle.reference-ambiguous"))
    }

    @Test func findingsInABundleNameTheirEntryAndResource() {
        let result = validateJSON(document(subject: "Patient/nope", patientFullUrl: "http://example.org/fhir/Patient/p1"))
        let unresolved = result.issues.first { $0.messageID == "bundle.reference-unresolved" }
        #expect(unresolved?.entry == Issue.EntryLocation(index: 0, resourceType: "Composition", resourceID: "c1"))
        #expect(unresolved?.entry?.description == "entry 0 (Composition/c1)")
        #expect(OperationOutcomeWriter.json(result, pretty: false).contains(#""diagnostics":"Bundle entry 0 (Composition/c1)""#))
    }
}
