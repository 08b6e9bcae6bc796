import FHIRTestSupport
import FHIRValidation
import Foundation
import Testing

/// A stored (uncompressed) zip of the given files, written by hand (CRCs are not checked on read).
func storedZip(_ files: [(String, String)]) -> Data {
    var out = Data()
    var central = Data()
    func u16(_ v: Int, _ d: inout Data) { d.append(contentsOf: [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)]) }
    func u32(_ v: Int, _ d: inout Data) { u16(v & 0xFFFF, &d); u16(v >> 16 & 0xFFFF, &d) }
    for (name, text) in files {
        let offset = out.count
        let body = Data(text.utf8), nameBytes = Data(name.utf8)
        u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0, &out)
        u32(0, &out); u32(body.count, &out); u32(body.count, &out); u16(nameBytes.count, &out); u16(0, &out)
        out.append(nameBytes); out.append(body)
        u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
        u32(0, &central); u32(body.count, &central); u32(body.count, &central); u16(nameBytes.count, &central)
        u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central); u32(0, &central); u32(offset, &central)
        central.append(nameBytes)
    }
    let centralOffset = out.count
    out.append(central)
    u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(files.count, &out); u16(files.count, &out)
    u32(central.count, &out); u32(centralOffset, &out); u16(0, &out)
    return out
}

@Suite struct BatchArchiveTests {
    @Test func zipMembersAreRecordsNamedAfterTheArchive() throws {
        let path = TemporaryFiles.path("archive.zip")
        try storedZip([
            ("export/b.ndjson", "{\"resourceType\": \"Patient\", \"gender\": \"male\"}\n{\"resourceType\": \"Patient\", \"gender\": \"nope\"}\n"),
            ("export/a.json", "{\"resourceType\": \"Patient\"}"),
            ("README.txt", "not a resource"),
        ]).write(to: URL(fileURLWithPath: path))
        var records: [BatchRecord] = []
        BatchReader(inputs: [path]).forEachRecord { records.append($0) }
        #expect(records.map(\.label) == [path + "!export/a.json", path + "!export/b.ndjson:1", path + "!export/b.ndjson:2"])
        var results: [BatchResult] = []
        BatchValidator(validator: sharedValidator, jobs: 2).run(BatchReader(inputs: [path])) { results.append($0) }
        #expect(results.map { $0.result.errorCount } == [0, 0, 1])
    }

    @Test func damagedArchiveIsAnUnreadableRecordNotASkip() throws {
        let path = TemporaryFiles.path("archive.zip")
        try Data("PK\u{3}\u{4} truncated".utf8).write(to: URL(fileURLWithPath: path))
        var records: [BatchRecord] = []
        BatchReader(inputs: [path]).forEachRecord { records.append($0) }
        #expect(records.count == 1)
        #expect(records.first?.readError?.message.contains("zip") == true)
        #expect(records.first?.readError?.code == .corruptArchive)
        var results: [BatchResult] = []
        BatchValidator(validator: sharedValidator, jobs: 1).run(BatchReader(inputs: [path])) { results.append($0) }
        // Bytes that do not unpack are invalid content, as a document that does not parse is; not a missing file.
        #expect(results.map { $0.result.issues.map(\.code) } == [[.invalid]])
        #expect(results.map { $0.result.issues.map(\.severity) } == [[.fatal]])
    }
}

@Suite struct SuppressionListTests {
    private func file(_ text: String) throws -> String {
        let path = TemporaryFiles.path("suppress.json")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func matchingIssuesAreRemovedAndUnusedEntriesReported() throws {
        let list = try SuppressionList.read(try file("""
            {"suppressions": [
              {"messageId": "dom-6", "reason": "narrative is added downstream"},
              {"messageId": "binding.*", "expression": "Patient.gender", "reason": "legacy gender codes"},
              {"profile": "http://example.org/*", "reason": "not used"}
            ]}
            """))
        var result = validateJSON(#"{"resourceType": "Patient", "gender": "nope", "birthDate": "1980-13-01"}"#)
        #expect(result.issues.map(\.messageID).sorted() == ["binding.not-in-value-set", "dom-6", "primitive.format"].sorted())
        #expect(list.apply(to: &result) == 2)
        #expect(result.issues.map(\.messageID) == ["primitive.format"])
        #expect(list.unused.map(\.reason) == ["not used"])
    }

    @Test func profileMatcherUsesTheProfileThatRaisedTheIssue() {
        let list = SuppressionList(entries: [SuppressionList.Entry(messageID: nil, expression: nil, profile: "http://example.org/p",
                                                                   reason: "r", location: "x")])
        var tagged = ValidationResult(issues: [
            Issue(severity: .error, code: .invalid, messageID: "a", message: "m"),
            { var i = Issue(severity: .error, code: .invalid, messageID: "b", message: "m"); i.profile = "http://example.org/p"; return i }(),
        ])
        list.apply(to: &tagged)
        #expect(tagged.issues.map(\.messageID) == ["a"])
    }

    @Test(arguments: [
        (#"{"suppressions": [{"messageId": "dom-6"}]}"#, "1:19: every suppression needs a 'reason'"),
        (#"{"suppressions": [{"reason": "why"}]}"#, "1:19: a suppression needs messageId, expression or profile"),
        (#"{"suppressions": [{"messageID": "x", "reason": "why"}]}"#, "1:20: unknown key 'messageID' (use messageId, expression, profile, reason)"),
        (#"{"suppressions": {}}"#, "1:1: expected {\"suppressions\": [ ... ]}"),
    ])
    func malformedFilesAreRefusedWithAPosition(text: String, message: String) throws {
        let path = try file(text)
        do {
            _ = try SuppressionList.read(path)
            Issue.record("expected an error")
        } catch {
            #expect(error.message == message)
        }
    }
}
