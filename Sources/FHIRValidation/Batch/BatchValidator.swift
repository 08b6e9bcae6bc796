import Dispatch
import Foundation

/// Validates records on all cores with one shared validator, delivering results in input order.
///
/// Records are taken in windows (by default 64 per job) and validated concurrently; each window's
/// results are handed over in order before the next is read, so memory stays bounded by the window.
public struct BatchValidator: Sendable {
    public let validator: Validator
    public let jobs: Int
    public let profiles: [String]

    public init(validator: Validator, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, profiles: [String] = []) {
        self.validator = validator
        self.jobs = max(1, jobs)
        self.profiles = profiles
    }

    /// Validates every record of a reader, calling `deliver` in input order.
    public func run(_ reader: BatchReader, deliver: (BatchResult) -> Void) {
        var window: [BatchRecord] = []
        let size = jobs * 64
        reader.forEachRecord { record in
            window.append(record)
            if window.count >= size {
                validate(window).forEach(deliver)
                window.removeAll(keepingCapacity: true)
            }
        }
        if !window.isEmpty { validate(window).forEach(deliver) }
    }

    /// Validates one record (also used for a single file).
    public func validate(_ record: BatchRecord) -> BatchResult {
        if let readError = record.readError {
            let issue = Issue(severity: .fatal, code: .notFound, messageID: "input.unreadable",
                              message: "\(record.source): \(readError)")
            return BatchResult(record: record, result: ValidationResult(issues: [issue]))
        }
        var result = validator.validate(record.bytes, format: record.format, profiles: profiles)
        if let line = record.line {
            // NDJSON: positions are reported in the file, not in the line.
            result.issues = result.issues.map { issue in
                var shifted = issue
                if let position = issue.position { shifted.position = SourcePosition(line: line + position.line - 1, column: position.column) }
                return shifted
            }
        }
        return BatchResult(record: record, result: result)
    }

    private func validate(_ records: [BatchRecord]) -> [BatchResult] {
        if jobs == 1 || records.count == 1 { return records.map(validate) }
        final class Slots: @unchecked Sendable {
            var results: [BatchResult?]
            init(_ n: Int) { results = Array(repeating: nil, count: n) }
        }
        let slots = Slots(records.count)
        let lock = NSLock()
        let chunks = min(jobs, records.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var i = chunk
            while i < records.count {
                let result = validate(records[i])
                lock.lock()
                slots.results[i] = result
                lock.unlock()
                i += chunks
            }
        }
        return slots.results.compactMap { $0 }
    }
}
