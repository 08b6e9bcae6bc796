import FHIRPackages
import FHIRValidation
import Foundation
import Testing

/// Runs the R4 cases of the FHIR validator conformance suite in-process and fails when
/// verdict agreement with the HL7 reference validator falls below the recorded floor.
///
/// It follows ../shared/tools/conformance.py: same runs, same error counting.
@Suite struct ConformanceRatchetTests {
    static let suite = sharedRoot + "/conformance/validator"

    struct Run {
        var name: String
        var file: String
        var definitions: [String]
        var packages: [String]
        var profile: String?
        var expected: Any
    }

    static func runs() throws -> [Run] {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: suite + "/manifest.json"))) as! [String: Any]
        var runs: [Run] = []
        for case let c as [String: Any] in manifest["test-cases"] as! [Any] {
            guard (c["version"] as? String ?? "").hasPrefix("4.0"), c["use-test"] as? Bool != false else { continue }
            let name = c["name"] as! String
            let definitions = (c["supporting"] as? [String] ?? []) + (c["profiles"] as? [String] ?? [])
            let packages = c["packages"] as? [String] ?? []
            if let java = c["java"] {
                runs.append(Run(name: name, file: c["file"] as! String, definitions: definitions, packages: packages, profile: nil, expected: java))
            }
            if let profile = c["profile"] as? [String: Any], let java = profile["java"], let source = profile["source"] as? String {
                let extra = (profile["supporting"] as? [String] ?? []) + [source]
                runs.append(Run(name: name + "/profile", file: c["file"] as! String, definitions: definitions + extra,
                                packages: packages, profile: canonical(of: suite + "/" + source), expected: java))
            }
        }
        return runs.filter { run in run.packages.allSatisfy { FileManager.default.fileExists(atPath: suite + "/" + $0) } }
    }

    static func canonical(of path: String) -> String? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        if path.hasSuffix(".json") {
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            return object?["url"] as? String
        }
        guard let range = text.range(of: #"<url\s+value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = text[range]
        return match.split(separator: "\"").dropFirst().first.map(String.init)
    }

    static func expectedErrors(_ recorded: Any) -> Int? {
        var outcome: Any? = recorded
        if let file = recorded as? String {
            outcome = (try? Data(contentsOf: URL(fileURLWithPath: suite + "/outcomes/" + file)))
                .flatMap { try? JSONSerialization.jsonObject(with: $0) }
        }
        if let dict = outcome as? [String: Any], let count = dict["errorCount"] as? Int { return count }
        if let list = outcome as? [String] { return list.filter { $0.hasPrefix("[ERROR]") || $0.hasPrefix("[FATAL]") }.count }
        guard let dict = outcome as? [String: Any] else { return nil }
        let issues = dict["issue"] as? [[String: Any]] ?? []
        return issues.filter { ["error", "fatal"].contains($0["severity"] as? String ?? "") }.count
    }

    @Test func verdictAgreementDoesNotFallBelowTheFloor() throws {
        let floorText = try String(contentsOfFile: repositoryRoot + "/Tests/conformance-floor.txt", encoding: .utf8)
        let floor = try #require(floorText.split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.first)
        let cache = PackageCache()
        var agreed = 0
        var total = 0
        for run in try Self.runs() {
            guard let want = Self.expectedErrors(run.expected) else { continue }
            total += 1
            let ours: Int
            do {
                let validator = try Validator.load(packages: run.packages.map { Self.suite + "/" + $0 },
                                                   definitions: run.definitions.map { Self.suite + "/" + $0 }, cache: cache)
                let data = try Data(contentsOf: URL(fileURLWithPath: Self.suite + "/" + run.file))
                ours = validator.validate([UInt8](data), profiles: run.profile.map { [$0] } ?? []).errorCount
            } catch {
                continue  // no outcome: counts as a disagreement, as in the scorer
            }
            if (ours == 0) == (want == 0) { agreed += 1 }
        }
        let agreement = Double(agreed) / Double(max(total, 1))
        print("conformance ratchet: verdict agreement \(agreed)/\(total) = \(String(format: "%.1f", agreement * 100))% (floor \(floor * 100)%)")
        #expect(total > 300)
        #expect(agreement >= floor, "verdict agreement \(agreed)/\(total) fell below the floor \(floor)")
    }
}
