/// One record of a batch: a resource document from a file, a line of an NDJSON file, or stdin.
public struct BatchRecord: Sendable {
    /// The file it came from (`-` for standard input).
    public var source: String
    /// The 1-based line of an NDJSON record; nil for a whole-file document.
    public var line: Int?
    /// The record's position in the whole batch, 0-based.
    public var sequence: Int
    public var bytes: [UInt8]
    /// The format the file name or content states, when known.
    public var format: ResourceFormat?
    /// Why the record could not be read: the file is missing (`notFound`), cannot be read
    /// (`unreadable`), or is a damaged archive (`corruptArchive`).
    public var readError: OperationalError?

    /// `file` or `file:line`, for reports.
    public var label: String { line.map { "\(source):\($0)" } ?? source }
}

/// A validated record: where it came from and what validation found.
public struct BatchResult: Sendable {
    public var record: BatchRecord
    public var result: ValidationResult
    /// How long parsing and validating the record took, on the thread that did it.
    public var duration: Duration = .zero

    /// False when the record could not be parsed as a resource at all.
    public var wasReadable: Bool { result.count(severity: { $0 == .fatal }) == 0 }
}
