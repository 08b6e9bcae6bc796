import FHIRElements

/// What fails a batch run (`--fail-on`).
public enum BatchGate: String, Sendable, CaseIterable {
    /// Any error or fatal issue (the default).
    case error
    /// Any warning, error or fatal issue.
    case warning
    /// Nothing: the run always passes.
    case never
}

/// Counts over a batch: records, outcomes by resource type, and the commonest issue kinds.
public struct BatchSummary: Sendable {
    /// True when the batch fails the gate: a record could not be read, or it holds more issues
    /// of the gate's severity (`gateCount`) than `allowed` (a CI budget; none by default).
    public func fails(_ gate: BatchGate, allowing allowed: Int = 0) -> Bool {
        gate != .never && (recordsUnreadable > 0 || gateCount(gate) > allowed)
    }

    /// The issues a gate counts: errors (fatal ones included) for `error`, warnings too for
    /// `warning`, none for `never`.
    public func gateCount(_ gate: BatchGate) -> Int {
        switch gate {
        case .error: return errors
        case .warning: return errors + warnings
        case .never: return 0
        }
    }

    public private(set) var recordsRead = 0
    public private(set) var recordsValidated = 0
    public private(set) var recordsUnreadable = 0
    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var recordsWithErrors = 0
    public typealias TypeCounts = (records: Int, errors: Int, warnings: Int)

    /// Records, errors and warnings by resource type.
    public var byType: [String: TypeCounts] {
        var all = countedTypes
        if let run = typeRun { all[run.type, default: (0, 0, 0)] = Self.sum(all[run.type] ?? (0, 0, 0), run.counts) }
        return all
    }

    /// Issues (errors and warnings) by message id.
    public var byMessage: [String: Int] {
        var all = countedMessages
        if let run = messageRun { all[run.id, default: 0] += run.count }
        return all
    }

    // Exports hold long runs of one resource type, and of one finding: the run being read is
    // counted here and moved into the tables when it ends, so that most records and issues
    // cost a name comparison rather than a hash lookup.
    private var countedTypes: [String: TypeCounts] = [:]
    private var typeRun: (type: String, counts: TypeCounts)?
    private var countedMessages: [String: Int] = [:]
    private var messageRun: (id: String, count: Int)?

    private static func sum(_ a: TypeCounts, _ b: TypeCounts) -> TypeCounts {
        (a.records + b.records, a.errors + b.errors, a.warnings + b.warnings)
    }
    /// Issues removed by a suppression list (not counted in errors and warnings).
    public var suppressed = 0

    /// A record among the slowest to validate.
    public struct SlowRecord: Sendable {
        /// `file` or `file:line`.
        public let label: String
        /// `Patient/123`, the type alone without an id, or nil when the record was unreadable.
        public let resource: String?
        public let duration: Duration
    }

    /// How many of the slowest records are kept.
    public static let slowestKept = 5
    /// The slowest records so far, slowest first (at most `slowestKept`; the first of equals stays ahead).
    public private(set) var slowest: [SlowRecord] = []

    public init() {}

    public mutating func add(_ item: BatchResult) {
        noteDuration(of: item)
        recordsRead += 1
        if item.wasReadable { recordsValidated += 1 } else { recordsUnreadable += 1 }
        let errorCount = item.result.errorCount
        let warningCount = item.result.warningCount
        errors += errorCount
        warnings += warningCount
        if errorCount > 0 { recordsWithErrors += 1 }
        let type = item.result.resourceType ?? "(unreadable)"
        let counts: TypeCounts = (1, errorCount, warningCount)
        if let run = typeRun, run.type.isSameName(as: type) {
            typeRun = (type, Self.sum(run.counts, counts))
        } else {
            if let run = typeRun { countedTypes[run.type] = Self.sum(countedTypes[run.type] ?? (0, 0, 0), run.counts) }
            typeRun = (type, counts)
        }
        for issue in item.result.issues where issue.severity != .information {
            if let run = messageRun, run.id.isSameName(as: issue.messageID) {
                messageRun = (run.id, run.count + 1)
            } else {
                if let run = messageRun { countedMessages[run.id, default: 0] += run.count }
                messageRun = (issue.messageID, 1)
            }
        }
    }

    /// Keeps the record among the slowest when it is: once there are `slowestKept`, most records
    /// cost one comparison, and only one slower than all but the last is named. O(slowestKept).
    private mutating func noteDuration(of item: BatchResult) {
        if slowest.count == Self.slowestKept, let last = slowest.last, item.duration <= last.duration { return }
        let resource = item.result.resourceType.map { type in item.result.resourceID.map { "\(type)/\($0)" } ?? type }
        let entry = SlowRecord(label: item.record.label, resource: resource, duration: item.duration)
        let position = slowest.firstIndex { item.duration > $0.duration } ?? slowest.count
        slowest.insert(entry, at: position)
        if slowest.count > Self.slowestKept { slowest.removeLast() }
    }

    /// A table for people: totals, per type, the ten commonest issue kinds and the slowest records.
    public var text: String {
        var lines = ["records read: \(recordsRead) = validated \(recordsValidated) + unreadable \(recordsUnreadable)",
                     "records with errors: \(recordsWithErrors); errors: \(errors); warnings: \(warnings)"
                        + (suppressed > 0 ? "; suppressed: \(suppressed)" : "")]
        if !byType.isEmpty {
            lines.append("resource type                  records   errors  warnings")
            for (type, counts) in byType.sorted(by: { $0.key < $1.key }) {
                lines.append(type.padding(toLength: 30, withPad: " ", startingAt: 0)
                             + String(counts.records).leftPadded(8) + String(counts.errors).leftPadded(9) + String(counts.warnings).leftPadded(10))
            }
        }
        let top = byMessage.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10)
        if !top.isEmpty {
            lines.append("top issue kinds:")
            for (id, count) in top { lines.append("  \(String(count).leftPadded(7))  \(id)") }
        }
        if !slowest.isEmpty {
            lines.append("slowest records:")
            for record in slowest {
                lines.append("  \(Self.milliseconds(record.duration).leftPadded(10))  \(record.label)" + (record.resource.map { "  \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension BatchSummary {
    /// `0.042 ms`: three decimals of a millisecond.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let whole = microseconds / 1000, fraction = microseconds % 1000
        let digits = String(fraction)
        return "\(whole).\(String(repeating: "0", count: 3 - digits.count))\(digits) ms"
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
