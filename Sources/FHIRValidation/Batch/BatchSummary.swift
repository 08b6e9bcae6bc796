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
    /// True when the batch fails the gate.
    public func fails(_ gate: BatchGate) -> Bool {
        switch gate {
        case .error: return errors > 0 || recordsUnreadable > 0
        case .warning: return errors > 0 || recordsUnreadable > 0 || warnings > 0
        case .never: return false
        }
    }

    public private(set) var recordsRead = 0
    public private(set) var recordsValidated = 0
    public private(set) var recordsUnreadable = 0
    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var recordsWithErrors = 0
    public private(set) var byType: [String: (records: Int, errors: Int, warnings: Int)] = [:]
    public private(set) var byMessage: [String: Int] = [:]
    /// Issues removed by a suppression list (not counted in errors and warnings).
    public var suppressed = 0

    public init() {}

    public mutating func add(_ item: BatchResult) {
        recordsRead += 1
        if item.wasReadable { recordsValidated += 1 } else { recordsUnreadable += 1 }
        let errorCount = item.result.errorCount
        let warningCount = item.result.warningCount
        errors += errorCount
        warnings += warningCount
        if errorCount > 0 { recordsWithErrors += 1 }
        let type = item.result.resourceType ?? "(unreadable)"
        // Updated in place through one access: one hash lookup per record.
        func count(_ entry: inout (records: Int, errors: Int, warnings: Int)) {
            entry.records += 1
            entry.errors += errorCount
            entry.warnings += warningCount
        }
        count(&byType[type, default: (0, 0, 0)])
        for issue in item.result.issues where issue.severity != .information { byMessage[issue.messageID, default: 0] += 1 }
    }

    /// A table for people: totals, per type, and the ten commonest issue kinds.
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
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
