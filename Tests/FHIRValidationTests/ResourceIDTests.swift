import Testing
@testable import FHIRValidation

@Suite struct ResourceIDTests {
    @Test func validIDPasses() {
        #expect(errorSummaries(validateJSON(#"{"resourceType": "Patient", "id": "a-B.9"}"#)) == [])
    }

    @Test func invalidCharactersAreReportedInJSON() {
        let result = validateJSON(#"{"resourceType": "Patient", "id": "bad-id_1"}"#)
        #expect(errorSummaries(result) == ["resource.id-invalid@Patient.id@1:35"])
        #expect(errors(result).first?.message == "Invalid Resource id: Invalid Characters ('bad-id_1')")
    }

    @Test func tooLongIDIsReportedInXML() {
        let id = String(repeating: "a", count: 65)
        let result = validateXML("<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"\(id)\"/></Patient>")
        #expect(errorSummaries(result) == ["resource.id-too-long@Patient.id@1:38"])
    }
}

@Suite struct IDFormatTests {
    /// Every byte from 0 to 255 is allowed in an id exactly when it is A–Z, a–z, 0–9, '-' or '.'.
    @Test func idsAllowExactlyLettersDigitsHyphenAndDot() {
        for byte in UInt8(0x21)...UInt8(0x7E) {
            let scalar = Character(Unicode.Scalar(byte))
            let allowed = scalar.isASCII && (scalar.isLetter || scalar.isNumber || scalar == "-" || scalar == ".")
            #expect(PrimitiveFormat.isID("a\(scalar)b") == allowed, "byte \(byte)")
        }
        #expect(!PrimitiveFormat.isID("aéb"))
        #expect(!PrimitiveFormat.isID(""))
        #expect(PrimitiveFormat.isID(String(repeating: "z", count: 64)))
        #expect(!PrimitiveFormat.isID(String(repeating: "z", count: 65)))
        #expect(PrimitiveFormat.isID("Patient/abc".dropFirst(8)))
    }
}
