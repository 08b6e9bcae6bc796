import Testing
@testable import FHIRValidation

@Suite struct PrimitiveFormatTests {
    /// (element JSON fragment, valid?) pairs exercising each R4 primitive's lexical rules in context.
    static let cases: [(String, String, Bool)] = [
        ("birthDate", #""1970-01-31""#, true), ("birthDate", #""1970-02-30""#, false), ("birthDate", #""1970-1-3""#, false),
        ("birthDate", #""1970""#, true), ("birthDate", #""1970-13""#, false), ("birthDate", #""2000-02-29""#, true),
        ("birthDate", #""1900-02-29""#, false), ("birthDate", #""0000""#, false),
        ("deceasedDateTime", #""2020-01-02T10:00:00Z""#, true), ("deceasedDateTime", #""2020-01-02T10:00:00""#, false),
        ("deceasedDateTime", #""2020-01-02T10:00:00.123+01:00""#, true), ("deceasedDateTime", #""2020-01-02T25:00:00Z""#, false),
        ("deceasedDateTime", #""2020-01-02 10:00""#, false),
        ("multipleBirthInteger", "2147483647", true), ("multipleBirthInteger", "2147483648", false),
        ("multipleBirthInteger", "-1", true), ("multipleBirthInteger", "1.5", false),
        ("gender", #""male""#, true), ("gender", #""ma  le""#, false), ("gender", #"" male""#, false),
        ("implicitRules", #""http://example.org/x""#, true), ("implicitRules", #""http://exa mple.org""#, false),
        ("implicitRules", #""urn:oid:1.2.3""#, true), ("implicitRules", #""urn:oid:1.02""#, false),
        ("implicitRules", #""urn:uuid:c757873d-ec9a-4326-a141-556f43239520""#, true),
        ("implicitRules", #""urn:uuid:C757873D-EC9A-4326-A141-556F43239520""#, false),
        ("language", #""""#, false),
        ("deceasedDateTime", #""2020-01-02T10:00:00-05:30""#, true), ("deceasedDateTime", #""2020-01-02T10:00:00+15:00""#, false),
        ("deceasedDateTime", #""2020-01-02T10:00Z""#, false), ("deceasedDateTime", #""2020-01-02T10:00:00.Z""#, false),
    ]

    @Test(arguments: cases)
    func primitiveValuesFollowTheirLexicalRules(element: String, value: String, valid: Bool) {
        let result = validateJSON(#"{"resourceType": "Patient", "\#(element)": \#(value)}"#)
        if valid {
            #expect(errorSummaries(result) == [], "\(element)=\(value)")
        } else {
            #expect(errors(result).map(\.messageID) == ["primitive.format"], "\(element)=\(value)")
            #expect(errors(result).first?.expression == "Patient.\(element)")
            #expect(errors(result).first?.code == .invalid)
        }
    }

    @Test(arguments: cases)
    func primitiveValuesFollowTheirLexicalRulesInXML(element: String, value: String, valid: Bool) {
        // XML carries every primitive as an attribute string; the lexical rules are the same.
        let text = value.hasPrefix("\"") ? String(value.dropFirst().dropLast()) : value
        let result = validateXML(#"<Patient xmlns="http://hl7.org/fhir"><\#(element) value="\#(text)"/></Patient>"#)
        if valid {
            #expect(errorSummaries(result) == [], "\(element)=\(text)")
        } else {
            #expect(errorSummaries(result) == ["primitive.format@Patient.\(element)@1:38"], "\(element)=\(text)")
        }
    }

    /// Values of every type, well and badly formed: a value the byte check decides is one the
    /// full check accepts, with no finding of a later primitive rule either (canonical, HTML).
    @Test(arguments: PrimitiveType.allCases)
    func aValueDecidedOnItsBytesHasNoFinding(type: PrimitiveType) {
        let values = ["", " ", "final", "ma  le", " male", "1970-01-31", "1970-02-30", "2020-01-02T10:00:00Z", "2020-01-02T10:00:00",
                      "2020-01-02T10:00:00.123+01:00", "1", "-1", "01", "1.5", "1e3", "true", "false", "True", "p1", "a_b", String(repeating: "x", count: 65),
                      "http://snomed.info/sct", "urn:oid:1.2.3", "urn:oid:3.1", "urn:uuid:53fefa32-fcbb-4ff8-8a92-55ee120877b7", "urn:uuid:X",
                      "http://a b", "#p1", "relative/path", "<b>bold</b>", "x < 5", "e128f085-0eac-44b4-b575-21e76ed9188a", "AAAA", "10:00:00", "ü"]
        for value in values {
            let decided = value.withUTF8Bytes { PrimitiveFormat.isPlainlyValid($0, as: type) }
            guard decided else { continue }
            #expect(PrimitiveFormat.problem(value, as: type) == nil, "\(type) '\(value)'")
            #expect(type != .canonical && !(type == .string && EmbeddedHTML.containsTags(value)), "\(type) '\(value)'")
        }
    }

    @Test func commonValuesAreDecidedOnTheirBytes() {
        let decided: [(PrimitiveType, String)] = [(.code, "final"), (.id, "e128f085-0eac-44b4-b575-21e76ed9188a"), (.uri, "http://snomed.info/sct"),
                                                  (.dateTime, "2020-01-02T10:00:00Z"), (.decimal, "24.8"), (.string, "Body mass index"), (.boolean, "true")]
        for (type, value) in decided { #expect(value.withUTF8Bytes { PrimitiveFormat.isPlainlyValid($0, as: type) }, "\(type) '\(value)'") }
        let undecided: [(PrimitiveType, String)] = [(.code, "ma  le"), (.date, "1970-02-30"), (.string, ""), (.string, "<b>x</b>"),
                                                    (.uri, "urn:oid:1.2"), (.canonical, "http://x"), (.decimal, "01")]
        for (type, value) in undecided { #expect(!value.withUTF8Bytes { PrimitiveFormat.isPlainlyValid($0, as: type) }, "\(type) '\(value)'") }
    }

    @Test func instantRequiresSecondsAndZone() {
        let ok = validateJSON(#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-01-02T10:00:00.5Z"}"#)
        #expect(errorSummaries(ok) == [])
        let bad = validateJSON(#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "issued": "2020-01-02"}"#)
        #expect(errorSummaries(bad) == ["primitive.format@Observation.issued@1:85"])
    }

    @Test func decimalTimeBase64AndPositiveIntInXML() {
        let xml = """
        <Observation xmlns="http://hl7.org/fhir">
          <status value="final"/>
          <code><text value="x"/></code>
          <valueQuantity><value value="1.5e"/></valueQuantity>
        </Observation>
        """
        #expect(errorSummaries(validateXML(xml)) == ["primitive.format@Observation.valueQuantity.value@4:18"])
        let good = xml.replacingOccurrences(of: "1.5e", with: "-0.50")
        #expect(errorSummaries(validateXML(good)) == [])
        let time = #"<Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="x"/></code><valueTime value="24:00:00"/></Observation>"#
        #expect(errors(validateXML(time)).map(\.messageID) == ["primitive.format"])
        let attachment = #"<Patient xmlns="http://hl7.org/fhir"><photo><contentType value="text/plain"/><data value="%%%2@()()"/></photo></Patient>"#
        #expect(errorSummaries(validateXML(attachment)) == ["primitive.format@Patient.photo[0].data@1:78"])
        let size = #"<Patient xmlns="http://hl7.org/fhir"><photo><contentType value="text/plain"/><data value="aGk="/><size value="-1"/></photo></Patient>"#
        #expect(errors(validateXML(size)).map(\.messageID) == ["primitive.format"])
    }

    @Test func primitiveWithOnlyAnExtensionIsAllowedButNeitherIsNot() {
        let ext = #"{"resourceType": "Patient", "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]}}"#
        #expect(errorSummaries(validateJSON(ext)) == [])
        let empty = #"<Patient xmlns="http://hl7.org/fhir"><birthDate/></Patient>"#
        #expect(errorSummaries(validateXML(empty)) == ["primitive.empty@Patient.birthDate@1:38"])
    }
}

/// A canonical is an absolute URL or a `#` fragment (R4 references.html#canonical).
@Suite struct CanonicalFormTests {
    private func canonicalErrors(_ profile: String) -> [String] {
        errors(validateJSON(#"{"resourceType": "Patient", "meta": {"profile": ["\#(profile)"]}}"#))
            .filter { $0.messageID == "canonical.relative" }.map(summary)
    }

    @Test func relativeCanonicalIsAnError() {
        #expect(canonicalErrors("StructureDefinition/x") == ["canonical.relative@Patient.meta.profile[0]@1:50"])
    }

    @Test func absoluteAndFragmentCanonicalsPass() {
        #expect(canonicalErrors("http://example.org/fhir/StructureDefinition/x|1.0") == [])
        #expect(canonicalErrors("#contained-profile") == [])
    }

    @Test(arguments: [("abc", true), ("a b", true), ("x-1.2", true), ("é", true), ("a é", true),
                      ("", false), (" a", false), ("a ", false), ("a  b", false), ("a\tb", false), ("a\u{00A0}b", false)])
    func codesAllowSingleInnerSpacesOnly(value: String, valid: Bool) {
        #expect((PrimitiveFormat.problem(value, as: .code) == nil) == valid, "'\(value)'")
    }

    @Test(arguments: [("http://example.org/a", true), ("urn:uuid:0c3a2e44-7d12-4c6a-9a8e-1b2c3d4e5f60", true),
                      ("http://example.org/a b", false), ("http://x\ty", false), ("http://x\ny", false), ("", false)])
    func urisHaveNoWhitespace(value: String, valid: Bool) {
        #expect((PrimitiveFormat.problem(value, as: .uri) == nil) == valid, "'\(value)'")
    }
}
