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
    ///
    /// With one job, each record is validated on the calling thread as it is read. With more,
    /// windows are pipelined while the calling thread reads and reports: two windows validate at
    /// once, each on half the jobs (two in-flight windows keep all threads busy across window
    /// boundaries). At most three windows are held at once.
    public func run(_ reader: BatchReader, deliver: (BatchResult) -> Void) {
        if jobs == 1 {
            // One job: records are validated on the calling thread as they are read, with no
            // hand-over between threads.
            let workspace = ParseWorkspace()
            reader.forEachRecord { deliver(validate($0, workspace: workspace)) }
            return
        }
        var window: [BatchRecord] = []
        let size = jobs * 64
        var inFlight: InFlight?
        let threadsPerWindow = max(1, jobs / 2)
        func hand(_ records: [BatchRecord]) {
            let next = start(records, threads: threadsPerWindow)
            inFlight?.wait().forEach(deliver)
            inFlight = next
        }
        reader.forEachRecord { record in
            window.append(record)
            if window.count >= size {
                hand(window)
                window = []
            }
        }
        if !window.isEmpty { hand(window) }
        inFlight?.wait().forEach(deliver)
    }

    /// A window being validated in the background.
    private final class InFlight: @unchecked Sendable {
        let group = DispatchGroup()
        var results: [BatchResult?]
        init(count: Int) { results = Array(repeating: nil, count: count) }

        func wait() -> [BatchResult] {
            group.wait()
            return results.compactMap { $0 }
        }
    }

    private func start(_ records: [BatchRecord], threads: Int) -> InFlight {
        let flight = InFlight(count: records.count)
        let chunks = min(threads, records.count)
        let lock = NSLock()
        DispatchQueue.global().async(group: flight.group) {
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let workspace = ParseWorkspace()  // this thread's, for its share of the window
                var i = chunk
                while i < records.count {
                    let result = validate(records[i], workspace: workspace)
                    lock.lock()
                    flight.results[i] = result
                    lock.unlock()
                    i += chunks
                }
            }
        }
        return flight
    }

    /// Validates one record (also used for a single file).
    public func validate(_ record: BatchRecord) -> BatchResult {
        validate(record, workspace: ParseWorkspace())
    }

    /// Validates one record, parsing with the calling thread's workspace.
    func validate(_ record: BatchRecord, workspace: ParseWorkspace) -> BatchResult {
        let start = ContinuousClock.now
        var item = result(of: record, workspace: workspace)
        item.duration = start.duration(to: .now)
        return item
    }

    private func result(of record: BatchRecord, workspace: ParseWorkspace) -> BatchResult {
        if let readError = record.readError {
            let issue = Issue(severity: .fatal, code: Self.issueCode(readError.code), messageID: "input.unreadable",
                              message: "\(record.source): \(readError.message)")
            return BatchResult(record: record, result: ValidationResult(issues: [issue]))
        }
        var result = validator.validate(record.bytes, format: record.format, profiles: profiles, workspace: workspace)
        if let line = record.line {
            // NDJSON: positions are reported in the file, not in the line.
            for i in result.issues.indices {
                if let position = result.issues[i].position {
                    result.issues[i].position = SourcePosition(line: line + position.line - 1, column: position.column)
                }
            }
        }
        return BatchResult(record: record, result: result)
    }

    /// The issue type of a record that could not be read: a missing file is `not-found`; damaged
    /// bytes (an archive that does not unpack) are `invalid`, as a document that does not parse is;
    /// any other failure to read is an `exception`.
    static func issueCode(_ code: OperationalError.Code) -> IssueCode {
        switch code {
        case .notFound: .notFound
        case .corruptArchive, .invalidResource: .invalid
        default: .exception
        }
    }
}
