import FHIRElements
import FHIRPackages
import Foundation

/// The compiled cache: one SQLite file holding every conformance resource a validation
/// needs, indexed, so validation starts without reading packages or parsing folders.
///
/// Layout (schema version 1): `meta(key, value)` with `schema_version`, `content_hash`,
/// `created`, `sources`; `files(id, name, body)` holding each source file once;
/// `resources(id, rank, resource_type, url, version, type, kind, derivation, location, file_id)`
/// with an index on `url` (a location may point into a Bundle file); `problems(canonical, message)` for
/// definitions whose snapshots could not be generated cleanly; and the terminology release tables
/// (`TerminologySchema`: SNOMED CT, dm+d, ODS). The file is opened read-only
/// at validation time; a file of another schema, or one without the meta rows, is refused.
public final class CompiledCache: ResourceSource, @unchecked Sendable {
    public static let schemaVersion = "2"

    private let database: SQLiteDatabase
    public let path: String
    /// The hash of the content recorded when the cache was written.
    public let contentHash: String

    public var sourceName: String { path }

    /// Opens a cache for reading. O(1).
    /// - Throws: `CacheError` when the file is missing, not SQLite, of another schema, or incomplete.
    public init(path: String) throws(CacheError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CacheError(.cannotOpen, path: path, "no such cache file (run 'fhirval compile --output \(path)' first)")
        }
        self.path = path
        database = try SQLiteDatabase(path: path, readOnly: true)
        let meta: [[SQLiteDatabase.Value]]
        do {
            meta = try database.query("SELECT key, value FROM meta")
        } catch {
            throw CacheError(.notACache, path: path, "this is not a fhirval cache (\(error.message))")
        }
        let values = Dictionary(meta.compactMap { row in row[0].text.map { ($0, row[1].text ?? "") } }, uniquingKeysWith: { a, _ in a })
        guard let version = values["schema_version"] else {
            throw CacheError(.notACache, path: path, "this is not a fhirval cache (no schema version)")
        }
        guard version == Self.schemaVersion else {
            throw CacheError(.wrongSchema, path: path, "the cache was written with schema version \(version); this fhirval reads version \(Self.schemaVersion): compile it again")
        }
        guard let hash = values["content_hash"], !hash.isEmpty else {
            throw CacheError(.corrupt, path: path, "the cache is incomplete (no content hash): compile it again")
        }
        contentHash = hash
    }

    /// The cache's resources as an index, in the precedence they were compiled with. O(rows).
    public func index() throws(CacheError) -> ConformanceIndex {
        let rows = try database.prepare("SELECT rank, resource_type, id_text, url, version, type, kind, derivation, location FROM resources ORDER BY rank, id")
        var entries: [ConformanceIndex.Entry] = []
        try database.withLock { () throws(CacheError) in
            while try rows.step() {
                guard let resourceType = rows.text(1), let location = rows.text(8) else { continue }
                let summary = ResourceSummary(resourceType: resourceType, id: rows.text(2), url: rows.text(3), version: rows.text(4),
                                              type: rows.text(5), kind: rows.text(6), derivation: rows.text(7), location: location)
                entries.append(ConformanceIndex.Entry(summary: summary, source: self, isLoose: rows.int64(0) == 0))
            }
        }
        return ConformanceIndex(entries: entries)
    }

    /// The body of a resource by its location key. O(log n).
    public func bytes(of location: String) -> [UInt8]? {
        let sql = "SELECT files.body FROM resources JOIN files ON files.id = resources.file_id WHERE resources.location = ?"
        return (try? database.query(sql, [.text(location)]))?.first?.first?.bytes
    }

    /// The terminology releases compiled into the cache (possibly none). O(1).
    public func releaseStore() throws(CacheError) -> ReleaseStore {
        try ReleaseStore(database: database)
    }

    /// What was compiled in: `(kind, location, rows)` per release file set.
    public func releases() throws(CacheError) -> [(kind: String, location: String, rows: Int)] {
        try database.query("SELECT kind, location, rows FROM release ORDER BY rowid").map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].integer ?? 0) }
    }

    /// Problems recorded at compile time (definitions whose snapshots were not generated cleanly).
    public func problems() throws(CacheError) -> [(canonical: String, message: String)] {
        try database.query("SELECT canonical, message FROM problems ORDER BY canonical").map { ($0[0].text ?? "", $0[1].text ?? "") }
    }

    /// The resource types kept in a cache: what validation and terminology read.
    public static let keptTypes: Set<String> = [
        "StructureDefinition", "ValueSet", "CodeSystem", "CapabilityStatement", "MessageDefinition",
        "ImplementationGuide", "NamingSystem", "ConceptMap",
    ]

    /// Writes a cache from an index: every kept resource's bytes (JSON as stored, or the source
    /// file of a loose definition), its summary, and the problems given. Replaces the file.
    /// Terminology releases imported into the cache by `write`.
    @discardableResult
    /// - Throws: `OperationalError` naming the release file, line and column that cannot be read.
    public static func write(_ index: ConformanceIndex, problems: [(String, String)], sources: [String],
                             terminology: TerminologySources = TerminologySources(), progress: (String) -> Void = { _ in },
                             to path: String) throws(CacheError) -> TerminologyCounts {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do throws(CacheError) {
            let counts = try writeContents(index, problems: problems, sources: sources, terminology: terminology,
                                           progress: progress, to: temporary)
            try? FileManager.default.removeItem(atPath: path)
            do {
                try FileManager.default.moveItem(atPath: temporary, toPath: path)
            } catch {
                throw CacheError(.writeFailed, path: path, "could not move the cache into place: \(error.localizedDescription)")
            }
            return counts
        } catch {
            // Never leave a half-written cache behind.
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    private static func writeContents(_ index: ConformanceIndex, problems: [(String, String)], sources: [String],
                                      terminology: TerminologySources, progress: (String) -> Void,
                                      to path: String) throws(CacheError) -> TerminologyCounts {
        let database = try SQLiteDatabase(path: path, readOnly: false)
        try database.execute("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = FILE;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE files(id INTEGER PRIMARY KEY, name TEXT UNIQUE, body BLOB);
            CREATE TABLE resources(id INTEGER PRIMARY KEY, rank INTEGER, resource_type TEXT, id_text TEXT, url TEXT, version TEXT,
                                   type TEXT, kind TEXT, derivation TEXT, location TEXT UNIQUE, file_id INTEGER);
            CREATE INDEX resources_url ON resources(url);
            CREATE TABLE problems(canonical TEXT, message TEXT);
            BEGIN;
            """ + TerminologySchema.create)
        var hasher = FNV1a()
        try writeResources(index, into: database, hasher: &hasher)
        for (canonical, message) in problems {
            _ = try database.query("INSERT INTO problems VALUES (?, ?)", [.text(canonical), .text(message)])
        }
        let counts = try TerminologyImport(database: database).run(terminology, progress: progress)
        for path in terminology.snomed + terminology.dmd + terminology.ods { hasher.add(Array(path.utf8)) }
        hasher.add(Array(counts.summary.utf8))
        let meta: [(String, String)] = [
            ("schema_version", schemaVersion), ("content_hash", hasher.hex),
            ("created", ISO8601DateFormatter().string(from: Date())), ("sources", sources.joined(separator: "\n")),
        ]
        for (key, value) in meta {
            _ = try database.query("INSERT INTO meta VALUES (?, ?)", [.text(key), .text(value)])
        }
        try database.execute("COMMIT; ANALYZE;")
        return counts
    }

    /// Stores each kept resource's file once (slimmed) and its summary row, in precedence order.
    private static func writeResources(_ index: ConformanceIndex, into database: SQLiteDatabase, hasher: inout FNV1a) throws(CacheError) {
        var rank = 0
        var lastSource: ObjectIdentifier?
        var fileIDs: [String: Int] = [:]
        for (n, entry) in index.allEntries.enumerated() where keptTypes.contains(entry.summary.resourceType) {
            if !entry.isLoose, let source = entry.source.map(ObjectIdentifier.init), source != lastSource {
                rank += 1
                lastSource = source
            }
            // Files are named by source and file, so one Bundle file is stored once for all its entries.
            let sourceName = entry.source?.sourceName ?? "file"
            let file = sourceName + "|" + ConformanceIndex.file(of: entry.summary.location)
            if fileIDs[file] == nil {
                guard let body = index.bytes(entry) else { continue }
                hasher.add(Array(file.utf8))
                hasher.add(body)
                // A definition file is stored slimmed (no narrative, mappings or documentation) to parse fast.
                let single = !entry.summary.location.contains(ConformanceIndex.entryMarker)
                let stored = single ? DefinitionSlimmer.slim(body) ?? body : body
                _ = try database.query("INSERT INTO files(name, body) VALUES (?, ?)", [.text(file), .blob(stored)])
                fileIDs[file] = fileIDs.count + 1
            }
            let marker = entry.summary.location.range(of: ConformanceIndex.entryMarker).map { String(entry.summary.location[$0.lowerBound...]) } ?? ""
            let s = entry.summary
            _ = try database.query(
                "INSERT INTO resources(rank, resource_type, id_text, url, version, type, kind, derivation, location, file_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [.integer(entry.isLoose ? 0 : rank), .text(s.resourceType), .text(s.id), .text(s.url), .text(s.version), .text(s.type),
                 .text(s.kind), .text(s.derivation), .text("\(n)" + marker), .integer(fileIDs[file]!)])
        }
    }
}

/// 64-bit FNV-1a, for a content hash that needs no cryptography.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ bytes: [UInt8]) {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x0000_0100_0000_01B3
        }
    }
    var hex: String { String(value, radix: 16) }
}
