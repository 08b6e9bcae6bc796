import FHIRElements
import Foundation

/// Imports SNOMED CT RF2 releases (International, UK Clinical, UK Drug, UK Monolith; Snapshot
/// or Full files) into the cache's SNOMED tables.
///
/// Files are classified by name; Snapshot files are preferred and Full files used only when a
/// release has no Snapshot of that kind; Delta files are ignored. Every row is merged by its id
/// keeping the latest effective time, so several releases, or a Full file, give the same state as
/// the Snapshot. Only what validation needs is kept: concepts, descriptions, active inferred is-a
/// relationships (and their closure), simple refset and language refset members.
struct SnomedImporter {
    enum FileKind: String, CaseIterable {
        case concept, description, relationship, simpleRefset, languageRefset
    }

    static let isA: Int64 = 116_680_003
    static let statedCharacteristic: Int64 = 900_000_000_000_010_007

    /// The kind of an RF2 file by its name, or nil for files validation does not use.
    static func kind(ofFile name: String) -> FileKind? {
        guard name.hasSuffix(".txt") else { return nil }
        if name.hasPrefix("sct2_Concept_") { return .concept }
        if name.hasPrefix("sct2_Description_") { return .description }
        if name.hasPrefix("sct2_Relationship_") { return .relationship }
        if name.hasPrefix("der2_cRefset_Language") { return .languageRefset }
        if name.hasPrefix("der2_Refset_Simple") { return .simpleRefset }
        return nil
    }

    /// Whether a file is a Snapshot, Full or Delta file, by the release type in its name.
    static func releaseType(ofFile name: String) -> String {
        let parts = name.split(separator: "_")
        guard parts.count > 2 else { return "" }
        let type = parts[2].split(separator: "-").first.map(String.init) ?? ""
        for candidate in ["Snapshot", "Full", "Delta"] where type.hasSuffix(candidate) { return candidate }
        return ""
    }

    /// The files of a release that will be read: Snapshot files, or Full files for kinds without
    /// a Snapshot. O(files).
    static func selectFiles(_ files: [ReleaseFile]) -> [(FileKind, ReleaseFile)] {
        let known = files.compactMap { file in kind(ofFile: file.name).map { ($0, file) } }
        var chosen: [(FileKind, ReleaseFile)] = []
        for kind in FileKind.allCases {
            let ofKind = known.filter { $0.0 == kind }
            let snapshots = ofKind.filter { releaseType(ofFile: $0.1.name) == "Snapshot" }
            chosen += snapshots.isEmpty ? ofKind.filter { releaseType(ofFile: $0.1.name) == "Full" } : snapshots
        }
        return chosen
    }

    let database: SQLiteDatabase

    /// Reads one release (folder, zip or file) into the staging and concept tables.
    /// - Returns: rows read per kind.
    /// - Throws: `OperationalError` naming the file and line of a malformed row.
    func importRelease(_ path: String, progress: (String) -> Void) throws(OperationalError) -> [FileKind: Int] {
        let files = Self.selectFiles(try ReleaseFile.list(path))
        guard !files.isEmpty else {
            throw OperationalError(.invalidResource, path: path, "no RF2 Snapshot or Full files (sct2_Concept_…, sct2_Description_…) were found here")
        }
        var counts: [FileKind: Int] = [:]
        for (kind, file) in files {
            progress("SNOMED CT \(kind.rawValue): \(file.name)")
            let table = try RF2Table(try file.bytes(), file: file.location)
            counts[kind, default: 0] += try importFile(table, kind: kind)
        }
        return counts
    }

    private func importFile(_ table: RF2Table, kind: FileKind) throws(OperationalError) -> Int {
        switch kind {
        case .concept: return try importConcepts(table)
        case .description: return try importDescriptions(table)
        case .relationship: return try importRelationships(table)
        case .simpleRefset: return try importSimpleRefset(table)
        case .languageRefset: return try importLanguageRefset(table)
        }
    }

    private func importConcepts(_ table: RF2Table) throws(OperationalError) -> Int {
        let module = try table.column("moduleId")
        return try merge(table, into: "sct_concept", columns: ["module"]) { row in [row.integer(module) ?? 0] }
    }

    private func importDescriptions(_ table: RF2Table) throws(OperationalError) -> Int {
        let concept = try table.column("conceptId"), type = try table.column("typeId")
        let language = try table.column("languageCode"), term = try table.column("term")
        return try merge(table, into: "sct_description", columns: ["concept", "type", "lang", "term"]) { (row) throws(OperationalError) in
            [try row.requiredInteger(concept, file: table.file, name: "conceptId"), row.integer(type) ?? 0, row.text(language), row.text(term)]
        }
    }

    /// Only inferred is-a rows are kept (the latest state of each, active or not); stated and attribute
    /// relationships are not used.
    private func importRelationships(_ table: RF2Table) throws(OperationalError) -> Int {
        let source = try table.column("sourceId"), destination = try table.column("destinationId")
        let type = try table.column("typeId"), characteristic = try table.column("characteristicTypeId")
        return try merge(table, into: "sct_isa_staging", columns: ["source", "destination"]) { (row) throws(OperationalError) in
            guard row.integer(type) == Self.isA, row.integer(characteristic) != Self.statedCharacteristic else { return nil }
            return [try row.requiredInteger(source, file: table.file, name: "sourceId"),
                    try row.requiredInteger(destination, file: table.file, name: "destinationId")]
        }
    }

    private func importSimpleRefset(_ table: RF2Table) throws(OperationalError) -> Int {
        let refset = try table.column("refsetId"), component = try table.column("referencedComponentId")
        return try merge(table, into: "sct_refset_staging", columns: ["refset", "component"], textID: true) { (row) throws(OperationalError) in
            [try row.requiredInteger(refset, file: table.file, name: "refsetId"),
             try row.requiredInteger(component, file: table.file, name: "referencedComponentId")]
        }
    }

    private func importLanguageRefset(_ table: RF2Table) throws(OperationalError) -> Int {
        let refset = try table.column("refsetId"), component = try table.column("referencedComponentId")
        let acceptability = try table.column("acceptabilityId")
        return try merge(table, into: "sct_language_staging", columns: ["refset", "description", "acceptability"], textID: true) { (row) throws(OperationalError) in
            [try row.requiredInteger(refset, file: table.file, name: "refsetId"),
             try row.requiredInteger(component, file: table.file, name: "referencedComponentId"), row.integer(acceptability) ?? 0]
        }
    }

    /// Merges an RF2 file into a table keyed by the component's own id (`id, effective, active,
    /// columns…`), keeping the row with the latest effective time, so Full files and several
    /// releases give the Snapshot state. `values` gives a row's values for `columns`, or nil to
    /// skip the row; `textID` for refset members, whose ids are UUIDs. - Returns: rows read.
    private func merge(_ table: RF2Table, into name: String, columns: [String], textID: Bool = false,
                       values: (RF2Row) throws(OperationalError) -> [Any?]?) throws(OperationalError) -> Int {
        let id = try table.column("id"), effective = try table.column("effectiveTime"), active = try table.column("active")
        let parameters = (1...(columns.count + 3)).map { "?\($0)" }.joined(separator: ", ")
        let updates = (["effective", "active"] + columns).enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
        let insert = try database.prepare("""
            INSERT INTO \(name) VALUES (\(parameters)) ON CONFLICT(id) DO UPDATE SET \(updates) WHERE ?2 >= \(name).effective
            """)
        var rows = 0
        try table.forEachRow { (row) throws(OperationalError) in
            rows += 1
            guard let fields = try values(row) else { return }
            let key: Any = textID ? row.text(id) : try row.requiredInteger(id, file: table.file, name: "id")
            try insert.bind(values: [key, row.integer(effective) ?? 0, row.isOne(active)] + fields).run()
        }
        return rows
    }

    /// Builds the parent table, the is-a closure and the namespace list from what was imported,
    /// and drops the staging tables. O(concepts + closure size).
    /// - Returns: the number of closure rows.
    func finish(progress: (String) -> Void) throws(CacheError) -> Int {
        progress("SNOMED CT: is-a closure")
        try database.execute("""
            INSERT OR IGNORE INTO sct_parent(child, parent) SELECT source, destination FROM sct_isa_staging WHERE active = 1;
            DROP TABLE sct_isa_staging;
            """)
        var edges: [(child: Int64, parent: Int64)] = []
        let select = try database.prepare("SELECT child, parent FROM sct_parent")
        while try select.step() { edges.append((select.int64(0), select.int64(1))) }
        let insert = try database.prepare("INSERT INTO sct_closure(descendant, ancestor) VALUES (?, ?)")
        var closureRows = 0
        do {
            try TransitiveClosure.forEachPair(edges: edges) { descendant, ancestor in
                try insert.bind(descendant, ancestor).run()
                closureRows += 1
            }
        } catch let error as CacheError {
            throw error
        } catch {
            throw CacheError(.writeFailed, path: database.path, "\(error)")
        }
        try database.execute(TerminologySchema.finishSQL)
        var namespaces = Set<Int64>()
        let concepts = try database.prepare("SELECT id FROM sct_concept")
        while try concepts.step() { namespaces.insert(SnomedIdentifier.namespace(concepts.int64(0))) }
        let add = try database.prepare("INSERT INTO sct_namespace VALUES (?)")
        for namespace in namespaces { try add.bind(namespace).run() }
        return closureRows
    }
}
