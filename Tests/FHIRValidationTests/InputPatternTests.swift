import FHIRTestSupport
import FHIRValidation
import Foundation
import Testing

/// Inputs given as patterns (`exports/*.ndjson`), as CI systems pass them when no shell expands them.
@Suite struct InputPatternTests {
    /// A folder holding `a.ndjson`, `b.json`, `c.ndjson`, `.hidden.ndjson`, `notes.txt`,
    /// `sub/d.ndjson` and `sub/deeper/e.ndjson`; its path.
    private func exportFolder() throws -> String {
        let root = TemporaryFiles.path("exports")
        for file in ["a.ndjson", "b.json", "c.ndjson", ".hidden.ndjson", "notes.txt", "sub/d.ndjson", "sub/deeper/e.ndjson"] {
            let path = root + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(#"{"resourceType": "Patient"}"#.utf8).write(to: URL(fileURLWithPath: path))
        }
        return root
    }

    @Test func starMatchesWithinOneFolderInNameOrderAndSkipsHiddenFiles() throws {
        let root = try exportFolder()
        #expect(BatchReader(inputs: [root + "/*.ndjson"]).files() == [root + "/a.ndjson", root + "/c.ndjson"])
        #expect(BatchReader(inputs: [root + "/*"]).files()
            == [root + "/a.ndjson", root + "/b.json", root + "/c.ndjson", root + "/notes.txt",
                root + "/sub/d.ndjson", root + "/sub/deeper/e.ndjson"])  // a matched folder is searched as a folder is
    }

    @Test func questionMarkAndBracketsMatchOneCharacter() throws {
        let root = try exportFolder()
        #expect(BatchReader(inputs: [root + "/?.json"]).files() == [root + "/b.json"])
        #expect(BatchReader(inputs: [root + "/[bc].*"]).files() == [root + "/b.json", root + "/c.ndjson"])
    }

    @Test func doubleStarMatchesAnyNumberOfFoldersIncludingNone() throws {
        let root = try exportFolder()
        #expect(BatchReader(inputs: [root + "/**/*.ndjson"]).files()
            == [root + "/a.ndjson", root + "/c.ndjson", root + "/sub/d.ndjson", root + "/sub/deeper/e.ndjson"])
        #expect(BatchReader(inputs: [root + "/**/deeper/*.ndjson"]).files() == [root + "/sub/deeper/e.ndjson"])
    }

    @Test func patternMatchingNothingIsAnUnreadableRecordNotASkip() throws {
        let root = try exportFolder()
        let pattern = root + "/*.xml"
        var records: [BatchRecord] = []
        BatchReader(inputs: [pattern]).forEachRecord { records.append($0) }
        #expect(records.map(\.source) == [pattern])
        #expect(records.first?.readError?.code == .notFound)
        #expect(records.first?.readError?.message == "no file matches this pattern")
    }

    @Test func existingPathWithPatternCharactersIsTakenAsWritten() throws {
        let path = TemporaryFiles.path("export[1].ndjson")
        try Data(#"{"resourceType": "Patient"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(BatchReader(inputs: [path]).files() == [path])
    }

    @Test func matchedRecordsAreValidatedLikeNamedOnes() throws {
        let root = try exportFolder()
        var results: [BatchResult] = []
        BatchValidator(validator: sharedValidator, jobs: 1).run(BatchReader(inputs: [root + "/**/*.ndjson"])) { results.append($0) }
        #expect(results.map(\.record.label) == [root + "/a.ndjson:1", root + "/c.ndjson:1", root + "/sub/d.ndjson:1", root + "/sub/deeper/e.ndjson:1"])
        #expect(results.allSatisfy { $0.wasReadable && $0.result.errorCount == 0 })
    }
}
