import FHIRTestSupport
import FHIRValidation
import Foundation
import Testing

@Suite struct BatchTests {
    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = TemporaryFiles.path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func run(_ inputs: [String], jobs: Int = 2) -> [BatchResult] {
        var results: [BatchResult] = []
        BatchValidator(validator: sharedValidator, jobs: jobs).run(BatchReader(inputs: inputs)) { results.append($0) }
        return results
    }

    static let ndjson = """
    {"resourceType": "Patient", "gender": "male"}
    {"resourceType": "Patient", "gender":
    {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}

    {"resourceType": "Patient", "gender": "nope"}
    """

    /// One job validates on the reading thread, several in windows: both must give the same records.
    @Test(arguments: [1, 2])
    func corruptLineInTheMiddleIsReportedAndTheRestValidated(jobs: Int) throws {
        let path = try temporaryFile("export.ndjson", Self.ndjson)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let results = run([path], jobs: jobs)
        #expect(results.map(\.record.line) == [1, 2, 3, 5])
        #expect(results.map(\.wasReadable) == [true, false, true, true])
        let fatal = try #require(results[1].result.issues.first)
        #expect(fatal.severity == .fatal)
        #expect(fatal.position?.line == 2)  // positions are lines of the file, not of the record
        #expect(results[3].result.issues.contains { $0.messageID == "binding.not-in-value-set" && $0.position?.line == 5 })
    }

    @Test func countsAddUpAndTheGateFollowsFailOn() throws {
        let path = try temporaryFile("export.ndjson", Self.ndjson)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var summary = BatchSummary()
        for item in run([path]) { summary.add(item) }
        #expect(summary.recordsRead == 4)
        #expect(summary.recordsRead == summary.recordsValidated + summary.recordsUnreadable)
        #expect(summary.recordsUnreadable == 1)
        #expect(summary.fails(.error))
        #expect(summary.fails(.warning))
        #expect(!summary.fails(.never))
        var clean = BatchSummary()
        for item in run([repositoryRoot + "/Examples/patient-valid.xml"]) { clean.add(item) }
        #expect(!clean.fails(.error))
        #expect(!clean.fails(.warning))
    }

    /// `--max-issues`: the gate counts the issues of its severity against the budget, and an
    /// unreadable record fails it whatever the budget.
    @Test func gateBudgetAllowsUpToItsCountAndNeverAnUnreadableRecord() throws {
        // Two Patients with an error each (a bad gender) and three with dom-6 warnings.
        let lines = #"""
            {"resourceType": "Patient", "gender": "nope"}
            {"resourceType": "Patient", "gender": "male"}
            {"resourceType": "Patient", "gender": "bad"}
            """#
        let path = try temporaryFile("budget.ndjson", lines + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var summary = BatchSummary()
        for item in run([path]) { summary.add(item) }
        #expect(summary.gateCount(.error) == 2)
        #expect(summary.gateCount(.warning) == 5)
        #expect(summary.gateCount(.never) == 0)
        #expect(summary.fails(.error))
        #expect(summary.fails(.error, allowing: 1))
        #expect(!summary.fails(.error, allowing: 2))
        #expect(summary.fails(.warning, allowing: 4))
        #expect(!summary.fails(.warning, allowing: 5))
        #expect(!summary.fails(.never))
        let broken = try temporaryFile("broken.ndjson", "{not json\n")
        defer { try? FileManager.default.removeItem(atPath: broken) }
        var unreadable = BatchSummary()
        for item in run([broken]) { unreadable.add(item) }
        #expect(unreadable.fails(.error, allowing: 100))
        #expect(unreadable.fails(.warning, allowing: 100))
        #expect(!unreadable.fails(.never))
    }

    /// The summary keeps the five slowest records, slowest first, named by `file:line` and
    /// `Type/id`; the first of equal durations stays ahead, and every record is timed.
    @Test func summaryNamesTheSlowestRecordsSlowestFirst() throws {
        let lines = (1...8).map { #"{"resourceType": "Patient", "id": "p\#($0)"}"# }.joined(separator: "\n") + "\n{not json\n"
        let path = try temporaryFile("timed.ndjson", lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let items = run([path], jobs: 1)
        #expect(items.count == 9)
        #expect(items.allSatisfy { $0.duration > .zero })
        let microseconds = [30, 700, 5, 700, 90, 1_500, 40, 2, 260]  // by line
        var summary = BatchSummary()
        for (item, time) in zip(items, microseconds) {
            var timed = item
            timed.duration = .microseconds(time)
            summary.add(timed)
        }
        #expect(summary.slowest.map(\.label) == [path + ":6", path + ":2", path + ":4", path + ":9", path + ":5"])
        #expect(summary.slowest.map(\.resource) == ["Patient/p6", "Patient/p2", "Patient/p4", nil, "Patient/p5"])
        #expect(summary.text.hasSuffix("""
            slowest records:
                1.500 ms  \(path):6  Patient/p6
                0.700 ms  \(path):2  Patient/p2
                0.700 ms  \(path):4  Patient/p4
                0.260 ms  \(path):9
                0.090 ms  \(path):5  Patient/p5
            """))
    }

    /// Counts by type and by message id agree with a direct tally, however the types and findings
    /// alternate (runs of one type, single records between them, the last run still open).
    @Test func countsByTypeAndMessageMatchATallyOverMixedRuns() throws {
        let types = ["Patient", "Patient", "Observation", "Patient", "Observation", "Observation", "Basic", "Patient"]
        let lines = types.enumerated().map { index, type in
            index % 3 == 0 ? #"{"resourceType": "\#(type)", "id": "bad_id"}"# : #"{"resourceType": "\#(type)"}"#
        }.joined(separator: "\n") + "\n{not json\n"
        let path = try temporaryFile("mixed.ndjson", lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var summary = BatchSummary()
        var records: [String: Int] = [:], errors: [String: Int] = [:], messages: [String: Int] = [:]
        for item in run([path]) {
            summary.add(item)
            let type = item.result.resourceType ?? "(unreadable)"
            records[type, default: 0] += 1
            errors[type, default: 0] += item.result.errorCount
            for issue in item.result.issues where issue.severity != .information { messages[issue.messageID, default: 0] += 1 }
        }
        #expect(summary.byType.mapValues(\.records) == records)
        #expect(summary.byType.mapValues(\.errors) == errors)
        #expect(summary.byMessage == messages)
        #expect(records == ["Patient": 4, "Observation": 3, "Basic": 1, "(unreadable)": 1])
        #expect(messages["resource.id-invalid"] == 3)
        #expect(summary.text.contains("Observation"))
    }

    @Test func resultsKeepInputOrderWithOneJobAndWithMany() throws {
        let lines = (0..<300).map { #"{"resourceType": "Patient", "id": "p\#($0)"}"# }.joined(separator: "\n")
        let path = try temporaryFile("many.ndjson", lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for jobs in [1, 4] {
            let results = run([path], jobs: jobs)
            #expect(results.map(\.result.resourceID) == (0..<300).map { "p\($0)" })
            #expect(results.map(\.record.sequence) == Array(0..<300))
        }
    }

    /// The file is read in 1 MB chunks: lines that straddle a chunk's end, and a line longer
    /// than a chunk, are whole records with their own line numbers.
    @Test func linesAcrossReadChunksAreWholeRecords() throws {
        let filler = String(repeating: "x", count: 1_500_000)  // one line longer than a chunk
        var lines = (0..<20_000).map { #"{"resourceType": "Patient", "id": "p\#($0)"}"# }
        lines.insert(#"{"resourceType": "Patient", "id": "long", "name": [{"text": "\#(filler)"}]}"#, at: 10_000)
        let path = try temporaryFile("chunks.ndjson", lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var records: [BatchRecord] = []
        BatchReader(inputs: [path]).forEachRecord { records.append($0) }
        #expect(records.count == 20_001)
        #expect(records.map(\.line) == (1...20_001).map { Optional($0) })
        #expect(records[10_000].bytes.count == lines[10_000].utf8.count)
        #expect(records.allSatisfy { $0.readError == nil && $0.bytes.first == UInt8(ascii: "{") && $0.bytes.last == UInt8(ascii: "}") })
    }

    @Test func missingInputIsAnUnreadableRecordNotSkipped() {
        let results = run(["/nonexistent/file.json"])
        #expect(results.count == 1)
        #expect(!results[0].wasReadable)
        #expect(results[0].result.issues.first?.message.contains("no such file") == true)
        #expect(results[0].result.issues.map(\.code) == [.notFound])
    }

    @Test func missingNDJSONAndArchiveInputsAreNotFound() {
        let results = run(["/nonexistent/export.ndjson", "/nonexistent/export.tgz"])
        #expect(results.map { $0.result.issues.map(\.code) } == [[.notFound], [.notFound]])
        #expect(results.allSatisfy { $0.result.issues.first?.message.contains("no such file") == true })
    }

    @Test func foldersAreSearchedRecursively() {
        let results = run([repositoryRoot + "/Examples"])
        #expect(results.count == 5)  // the Examples folder: two invalid Patients, two valid, one Observation
        #expect(results.filter { $0.result.isValid }.count == 3)
    }

    @Test func junitReportHasASuitePerFileAndAFailingCasePerInvalidRecord() throws {
        let path = try temporaryFile("export.ndjson", Self.ndjson)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = BatchReportWriter(format: .junit)
        for item in run([path]) { _ = writer.write(item) }
        let xml = try #require(writer.finish())
        let root = try XMLReader.parseDocument(Array(xml.utf8))
        #expect(root.name == "testsuites")
        let suite = try #require(root.elementChildren.first)
        #expect(suite.name == "testsuite")
        #expect(suite.attribute("tests") == "4")
        #expect(suite.attribute("failures") == "2")
        let cases = suite.elementChildren.filter { $0.name == "testcase" }
        #expect(cases.count == 4)
        #expect(cases.filter { $0.elementChildren.contains { $0.name == "failure" } }.count == 2)
    }

    @Test func sarifReportHasTheRequiredStructure() throws {
        let path = try temporaryFile("export.ndjson", Self.ndjson)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = BatchReportWriter(format: .sarif)
        for item in run([path]) { _ = writer.write(item) }
        let json = try #require(writer.finish())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let runs = try #require(object["runs"] as? [[String: Any]])
        let driver = try #require((runs.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "fhirval")
        let results = try #require(runs.first?["results"] as? [[String: Any]])
        #expect(results.count == 5)  // the fatal, the binding error, and the dom-6 warnings of records 1, 3 and 5
        for result in results {
            #expect(result["ruleId"] is String)
            #expect(["error", "warning"].contains(result["level"] as? String ?? ""))
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            #expect((location?["artifactLocation"] as? [String: Any])?["uri"] as? String == path)
        }
    }
}
