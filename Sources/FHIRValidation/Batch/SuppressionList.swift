import FHIRElements
import Foundation

/// Issues a team has decided to accept, each with a mandatory reason, read from a JSON file:
///
/// ```json
/// {"suppressions": [
///   {"messageId": "dom-6", "reason": "narrative is added by the publishing service"},
///   {"messageId": "binding.not-checked", "expression": "Observation.code*", "reason": "…"},
///   {"profile": "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient", "expression": "Patient.extension*", "reason": "…"}
/// ]}
/// ```
///
/// An entry matches an issue when every matcher it gives matches: `messageId` and `expression`
/// are patterns where `*` stands for any run of characters; `profile` is the canonical of the
/// profile whose validation raised the issue. Entries that matched nothing are reported, so a
/// stale suppression does not linger. Not thread-safe: apply it where results are consumed in order.
public final class SuppressionList {
    public struct Entry: Sendable {
        public var messageID: String?
        public var expression: String?
        public var profile: String?
        public var reason: String
        /// Where the entry is in its file (`file:line:column`), for reports.
        public var location: String

        public init(messageID: String?, expression: String?, profile: String?, reason: String, location: String) {
            self.messageID = messageID
            self.expression = expression
            self.profile = profile
            self.reason = reason
            self.location = location
        }

        func matches(_ issue: Issue) -> Bool {
            (messageID.map { Self.glob($0, issue.messageID) } ?? true)
                && (expression.map { pattern in issue.expression.map { Self.glob(pattern, $0) } ?? false } ?? true)
                && (profile.map { pattern in issue.profile.map { Self.glob(pattern, $0) } ?? false } ?? true)
        }

        /// `*` matches any run of characters; everything else matches itself. O(pattern × text).
        static func glob(_ pattern: String, _ text: String) -> Bool {
            let p = Array(pattern), t = Array(text)
            var pi = 0, ti = 0, star = -1, mark = 0
            while ti < t.count {
                if pi < p.count, p[pi] != "*", p[pi] == t[ti] {
                    pi += 1
                    ti += 1
                } else if pi < p.count, p[pi] == "*" {
                    star = pi
                    mark = ti
                    pi += 1
                } else if star >= 0 {
                    pi = star + 1
                    mark += 1
                    ti = mark
                } else {
                    return false
                }
            }
            while pi < p.count, p[pi] == "*" { pi += 1 }
            return pi == p.count
        }
    }

    public let entries: [Entry]
    /// How many issues each entry suppressed, by entry index.
    public private(set) var uses: [Int]

    public init(entries: [Entry]) {
        self.entries = entries
        uses = Array(repeating: 0, count: entries.count)
    }

    /// Reads a suppression file.
    /// - Throws: `OperationalError.invalidResource` naming the file, line and column of a
    ///   malformed entry (not JSON, no reason, no matcher).
    public static func read(_ path: String) throws(OperationalError) -> SuppressionList {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OperationalError(.notFound, path: path, "cannot read the suppression file")
        }
        let root: JSONNode
        do {
            root = try JSONReader.parse([UInt8](data))
        } catch {
            throw OperationalError(.invalidResource, path: path, "\(error.position): \(error.message)")
        }
        guard case .object(let members) = root.kind, let list = members.first(where: { $0.key == "suppressions" }),
              case .array(let items) = list.value.kind else {
            throw OperationalError(.invalidResource, path: path, "\(root.position): expected {\"suppressions\": [ ... ]}")
        }
        var entries: [Entry] = []
        for item in items {
            guard case .object(let fields) = item.kind else {
                throw OperationalError(.invalidResource, path: path, "\(item.position): a suppression is an object")
            }
            func text(_ key: String) -> String? {
                fields.first { $0.key == key }.flatMap { if case .string(let s) = $0.value.kind { return s } else { return nil } }
            }
            for field in fields where !["messageId", "expression", "profile", "reason"].contains(field.key) {
                throw OperationalError(.invalidResource, path: path, "\(field.keyPosition): unknown key '\(field.key)' (use messageId, expression, profile, reason)")
            }
            guard let reason = text("reason"), !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw OperationalError(.invalidResource, path: path, "\(item.position): every suppression needs a 'reason'")
            }
            let entry = Entry(messageID: text("messageId"), expression: text("expression"), profile: text("profile"), reason: reason,
                              location: "\(path):\(item.position)")
            guard entry.messageID != nil || entry.expression != nil || entry.profile != nil else {
                throw OperationalError(.invalidResource, path: path, "\(item.position): a suppression needs messageId, expression or profile")
            }
            entries.append(entry)
        }
        return SuppressionList(entries: entries)
    }

    /// Removes the issues an entry matches from a result and counts them. O(issues × entries).
    /// - Returns: how many issues were removed.
    @discardableResult
    public func apply(to result: inout ValidationResult) -> Int {
        guard !entries.isEmpty else { return 0 }
        let before = result.issues.count
        result.issues.removeAll { issue in
            guard let index = entries.firstIndex(where: { $0.matches(issue) }) else { return false }
            uses[index] += 1
            return true
        }
        return before - result.issues.count
    }

    /// Entries that suppressed nothing.
    public var unused: [Entry] { zip(entries, uses).filter { $0.1 == 0 }.map(\.0) }
}
