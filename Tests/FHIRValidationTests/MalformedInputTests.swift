import Foundation
import Testing
import FHIRValidation

/// Malformed input gives a fatal issue with a position — never a crash or a hang.
@Suite struct MalformedInputTests {
    static let fixtures = ["patient-valid.json", "patient-valid.xml", "patient-invalid.json", "patient-invalid.xml"]

    private func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/Examples/" + name)))
    }

    @Test(arguments: fixtures)
    func everyTruncationGivesOneFatalIssueWithAPosition(name: String) throws {
        let bytes = try fixture(name)
        var offsets = Array(stride(from: 0, to: bytes.count - 1, by: max(1, bytes.count / 300)))
        offsets.append(bytes.count - 2)
        for offset in offsets {
            let result = sharedValidator.validate(Array(bytes[0..<offset]))
            let fatals = result.issues.filter { $0.severity == .fatal }
            #expect(fatals.count == 1, "truncated at \(offset)")
            #expect(fatals.first?.position != nil, "truncated at \(offset)")
            #expect(!result.isValid)
        }
    }

    @Test func garbledBytesAreAFatalIssue() {
        let result = sharedValidator.validate([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D])
        #expect(result.issues.map(\.severity) == [.fatal])
        #expect(result.issues.first?.position == SourcePosition(line: 1, column: 3))
    }

    @Test func utf16IsReportedAsTheWrongEncoding() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("<Patient/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let result = sharedValidator.validate(bytes, format: .xml)
        #expect(result.issues.map(\.severity) == [.fatal])
        #expect(result.issues.first?.message.contains("UTF-16") == true)
    }

    @Test func deeplyNestedInputIsAFatalIssue() {
        let json = "{\"resourceType\": \"Patient\", \"x\": " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "}"
        let result = validateJSON(json)
        #expect(result.issues.map(\.severity) == [.fatal])
        let xml = "<Patient xmlns=\"http://hl7.org/fhir\">" + String(repeating: "<a>", count: 50_000) + String(repeating: "</a>", count: 50_000) + "</Patient>"
        #expect(validateXML(xml).issues.map(\.severity) == [.fatal])
    }

    @Test func hugeStringIsValidatedNotRefused() {
        let text = String(repeating: "a", count: 2_000_000)
        let result = validateJSON(#"{"resourceType": "Patient", "name": [{"family": "\#(text)"}]}"#)
        #expect(errors(result).map(\.messageID) == ["primitive.format"])
        #expect(errors(result).first?.message.contains("1 MB") == true)
    }

    @Test func notJSONOrXMLIsFatal() {
        #expect(sharedValidator.validate(Array("hello".utf8)).issues.map(\.severity) == [.fatal])
        #expect(sharedValidator.validate([]).issues.map(\.severity) == [.fatal])
    }

    @Test func unknownResourceTypeIsFatal() {
        let result = validateJSON(#"{"resourceType": "Chicken"}"#)
        #expect(result.issues.map(\.messageID) == ["resource.unknown-type"])
    }
}
