import CSQLite
import FHIRElements
import Foundation

/// Failures of the SQLite store are operational errors with these codes.
public typealias CacheError = OperationalError

extension OperationalError.Code {
    public static let cannotOpen = Self(rawValue: "cannot-open")
    public static let notACache = Self(rawValue: "not-a-cache")
    public static let wrongSchema = Self(rawValue: "wrong-schema")
    public static let corrupt = Self(rawValue: "corrupt")
    public static let writeFailed = Self(rawValue: "write-failed")
}

/// A thin wrapper over one SQLite connection, serialised by a lock.
final class SQLiteDatabase: @unchecked Sendable {
    private var handle: OpaquePointer?
    let path: String
    private let lock = NSLock()

    init(path: String, readOnly: Bool) throws(CacheError) {
        self.path = path
        let flags = readOnly ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        // A cache is never written while it is validated with: opened immutable, SQLite takes no
        // file locks and re-reads no header per statement (a lookup is then a B-tree probe only).
        let name = readOnly ? "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1" : path
        guard sqlite3_open_v2(name, &handle, flags | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw CacheError(.cannotOpen, path: path, message)
        }
        if readOnly { sqlite3_exec(handle, "PRAGMA mmap_size = 1073741824", nil, nil, nil) }
    }

    deinit { sqlite3_close(handle) }

    /// Prepares a statement for repeated use; the caller serialises its use (see `withLock`).
    func prepare(_ sql: String) throws(CacheError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw CacheError(.corrupt, path: path, "\(lastError) in: \(sql)")
        }
        return SQLiteStatement(statement, database: self)
    }

    /// Runs `body` holding the connection's lock (for prepared statements).
    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// Runs statements without results.
    func execute(_ sql: String) throws(CacheError) {
        lock.lock()
        defer { lock.unlock() }
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw CacheError(.writeFailed, path: path, message)
        }
    }

    /// A value bound to a statement parameter.
    enum Value {
        case text(String?)
        case integer(Int)
        case blob([UInt8])
    }

    /// Runs one statement with parameters, returning every row's columns as text or bytes.
    func query(_ sql: String, _ parameters: [Value] = []) throws(CacheError) -> [[Value]] {
        lock.lock()
        defer { lock.unlock() }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw CacheError(.corrupt, path: path, lastError)
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (i, parameter) in parameters.enumerated() {
            let index = Int32(i + 1)
            switch parameter {
            case .text(let text?): sqlite3_bind_text(statement, index, text, -1, transient)
            case .text(nil): sqlite3_bind_null(statement, index)
            case .integer(let v): sqlite3_bind_int64(statement, index, Int64(v))
            case .blob(let bytes): _ = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
            }
        }
        var rows: [[Value]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw CacheError(.corrupt, path: path, lastError) }
            var row: [Value] = []
            for column in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_NULL: row.append(.text(nil))
                case SQLITE_INTEGER: row.append(.integer(Int(sqlite3_column_int64(statement, column))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    let pointer = sqlite3_column_blob(statement, column)
                    row.append(.blob(pointer.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []))
                default:
                    row.append(.text(sqlite3_column_text(statement, column).map { String(cString: $0) }))
                }
            }
            rows.append(row)
        }
        return rows
    }
}

extension SQLiteDatabase.Value {
    var text: String? {
        switch self {
        case .text(let t): return t
        case .integer(let i): return String(i)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }
    var integer: Int? { if case .integer(let i) = self { return i } else { return nil } }
    var bytes: [UInt8]? { if case .blob(let b) = self { return b } else { return nil } }
}

/// A prepared statement, reset and re-bound for each use. Not thread-safe on its own.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    fileprivate init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// Resets the statement and binds parameters (Int64, Int, String, Double, [UInt8] or nil).
    @discardableResult
    func bind(_ values: Any?...) -> SQLiteStatement {
        bind(values: values)
    }

    /// Resets the statement and binds an array of parameters (as `bind(_:)`).
    @discardableResult
    func bind(values: [Any?]) -> SQLiteStatement {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            switch value {
            case let v as Int64: sqlite3_bind_int64(statement, index, v)
            case let v as Int: sqlite3_bind_int64(statement, index, Int64(v))
            case let v as Bool: sqlite3_bind_int64(statement, index, v ? 1 : 0)
            case let v as String: sqlite3_bind_text(statement, index, v, -1, Self.transient)
            case let v as [UInt8]: _ = v.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
            default: sqlite3_bind_null(statement, index)
            }
        }
        return self
    }

    /// Resets the statement and binds two integers (the hot path of bulk inserts and probes).
    @discardableResult
    func bind(_ a: Int64, _ b: Int64) -> SQLiteStatement {
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, a)
        sqlite3_bind_int64(statement, 2, b)
        return self
    }

    /// Advances to the next row: true when a row is available.
    func step() throws(CacheError) -> Bool {
        let status = sqlite3_step(statement)
        if status == SQLITE_ROW { return true }
        if status == SQLITE_DONE { return false }
        throw CacheError(.corrupt, path: database.path, database.lastError)
    }

    /// Runs a statement that returns no rows.
    func run() throws(CacheError) {
        while try step() {}
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func text(_ column: Int32) -> String? { sqlite3_column_text(statement, column).map { String(cString: $0) } }
}
