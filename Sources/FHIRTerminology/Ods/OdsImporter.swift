import FHIRElements

/// Imports ODS organisation files in the NHS Digital "standard 27 field" CSV format
/// (epraccur, etr, ets, eccg, …: no header, every field quoted, CRLF) into `ods_organisation`.
///
/// Column 1 is the code, 2 the name, 11 and 12 the open and close dates; column 13 is the status
/// (A active, C closed, D dormant, P proposed) in files that have one; elsewhere an organisation
/// with a close date is closed.
struct OdsImporter {
    let database: SQLiteDatabase

    /// Reads every `.csv` file of a folder or zip. - Returns: organisations per source file.
    /// - Throws: `OperationalError` naming the file, line and column of a malformed row.
    func importRelease(_ path: String, progress: (String) -> Void) throws(OperationalError) -> [String: Int] {
        let files = try ReleaseFile.list(path).filter { $0.name.lowercased().hasSuffix(".csv") }
        guard !files.isEmpty else {
            throw OperationalError(.invalidResource, path: path, "no ODS CSV files (epraccur.csv, etr.csv, …) were found here")
        }
        let insert = try database.prepare("INSERT OR REPLACE INTO ods_organisation VALUES (?, ?, ?, ?, ?, ?)")
        var counts: [String: Int] = [:]
        for file in files {
            progress("ODS: \(file.name)")
            let source = String(file.name.dropLast(4))
            try QuotedCSV(file: file.location).forEachRow([UInt8](try file.bytes())) { (fields, line) throws(OperationalError) in
                guard fields.count >= 12 else {
                    throw OperationalError(.invalidResource, path: file.location, "line \(line): \(fields.count) fields; an ODS file has 27")
                }
                let code = fields[0]
                guard !code.isEmpty else {
                    throw OperationalError(.invalidResource, path: file.location, "line \(line), column 1: the organisation code is empty")
                }
                let close = fields[11]
                let statusField = fields.count > 12 ? fields[12] : ""
                let status = ["A", "C", "D", "P"].contains(statusField) ? statusField : (close.isEmpty ? "A" : "C")
                try insert.bind(code, fields[1], status, fields[10], close, source).run()
                counts[source, default: 0] += 1
            }
        }
        return counts
    }
}

/// A reader of comma-separated rows whose fields may be double-quoted (`""` inside quotes is a quote).
struct QuotedCSV {
    let file: String

    /// Calls `body` with each non-empty row's fields and its line number. O(file size).
    /// - Throws: `OperationalError.invalidResource` for an unterminated quote, naming the line.
    func forEachRow(_ bytes: [UInt8], _ body: ([String], Int) throws(OperationalError) -> Void) throws(OperationalError) {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1, rowLine = 1
        var i = 0
        func endRow() throws(OperationalError) {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            if !(fields.count == 1 && fields[0].isEmpty) { try body(fields, rowLine) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 } else { inQuotes = false }
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
            } else if b == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if b == 10 {
                try endRow()
                line += 1
                rowLine = line
            } else if b != 13 {
                field.append(b)
            }
            i += 1
        }
        guard !inQuotes else { throw OperationalError(.invalidResource, path: file, "line \(rowLine): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { try endRow() }
    }
}
