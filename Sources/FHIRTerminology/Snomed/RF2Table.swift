import FHIRElements
import Foundation

/// A reader of one RF2 file: tab-separated UTF-8, one header row, no quoting, CRLF or LF.
///
/// Columns are found by header name, never by position (the Identifier file exists in two
/// column orders). Rows are handed out as field ranges over the file's bytes; nothing is copied
/// until a field is read as text.
struct RF2Table {
    let file: String
    let bytes: Data
    /// Column index by header name.
    let columns: [String: Int]
    private let bodyStart: Int

    /// Reads the header. O(header).
    /// - Throws: `OperationalError.invalidResource` when the file has no header row.
    init(_ bytes: Data, file: String) throws(OperationalError) {
        self.file = file
        self.bytes = bytes
        let start = bytes.startIndex
        var end = start
        while end < bytes.endIndex, bytes[end] != 10 { end += 1 }
        var headerEnd = end
        if headerEnd > start, bytes[headerEnd - 1] == 13 { headerEnd -= 1 }
        let header = String(decoding: bytes[start..<headerEnd], as: UTF8.self)
        let names = header.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count >= 2, names.allSatisfy({ !$0.isEmpty }) else {
            throw OperationalError(.invalidResource, path: file, "line 1: not an RF2 file (expected a tab-separated header row)")
        }
        columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        bodyStart = min(end + 1 - start, bytes.count)
    }

    /// The index of a required column.
    /// - Throws: `OperationalError.invalidResource` naming the file and the missing column.
    func column(_ name: String) throws(OperationalError) -> Int {
        guard let index = columns[name] else {
            throw OperationalError(.invalidResource, path: file, "line 1: the header has no '\(name)' column (it has \(columns.keys.sorted().joined(separator: ", ")))")
        }
        return index
    }

    /// Calls `body` for every data row. O(file size).
    /// - Throws: `OperationalError.invalidResource` naming the line of a row whose field count
    ///   differs from the header's; errors `body` throws.
    func forEachRow(_ body: (RF2Row) throws(OperationalError) -> Void) throws(OperationalError) {
        var failure: OperationalError?
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            do throws(OperationalError) {
                try rows(raw.bindMemory(to: UInt8.self), body)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    private func rows(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (RF2Row) throws(OperationalError) -> Void) throws(OperationalError) {
        let width = columns.count
        var starts = [Int](repeating: 0, count: width + 1)
        var line = 1
        var i = bodyStart
        let count = buffer.count
        do {
            while i < count {
                line += 1
                var field = 0
                starts[0] = i
                var j = i
                while j < count, buffer[j] != 10 {
                    if buffer[j] == 9 {
                        field += 1
                        if field < width { starts[field] = j + 1 }
                    }
                    j += 1
                }
                var end = j
                if end > i, buffer[end - 1] == 13 { end -= 1 }
                if end > i {
                    guard field == width - 1 else {
                        throw OperationalError(.invalidResource, path: file,
                                               "line \(line): \(field + 1) fields, but the header has \(width)")
                    }
                    starts[width] = end + 1
                    try body(RF2Row(buffer: buffer, starts: starts, line: line))
                }
                i = j + 1
            }
        }
    }
}

/// One RF2 row: field ranges over the file's bytes, valid only inside `forEachRow`.
struct RF2Row {
    let buffer: UnsafeBufferPointer<UInt8>
    let starts: [Int]
    let line: Int

    private func range(_ column: Int) -> Range<Int> { starts[column]..<(starts[column + 1] - 1) }

    /// A field as a non-negative integer (SCTIDs, times, flags), or nil when it is not digits.
    func integer(_ column: Int) -> Int64? {
        let r = range(column)
        guard !r.isEmpty, r.count <= 18 else { return nil }
        var value: Int64 = 0
        for k in r {
            let digit = buffer[k] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }

    /// A field as text.
    func text(_ column: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range(column)]), as: UTF8.self)
    }

    /// True when the field is `1`.
    func isOne(_ column: Int) -> Bool {
        let r = range(column)
        return r.count == 1 && buffer[r.lowerBound] == 49
    }

    /// A required integer field.
    /// - Throws: `OperationalError.invalidResource` naming the file, line and column.
    func requiredInteger(_ column: Int, file: String, name: String) throws(OperationalError) -> Int64 {
        guard let value = integer(column) else {
            throw OperationalError(.invalidResource, path: file, "line \(line), column \(column + 1) (\(name)): '\(text(column))' is not an identifier")
        }
        return value
    }
}
