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
        let file = table.file
        let id = try table.column("id"), effective = try table.column("effectiveTime"), active = try table.column("active")
        var rows = 0
        let module = try table.column("moduleId")
        let insert = try database.prepare("""
            INSERT INTO sct_concept VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET effective = ?2, active = ?3, module = ?4
            WHERE ?2 >= sct_concept.effective
            """)
        try table.forEachRow { (row) throws(OperationalError) in
            try insert.bind(row.requiredInteger(id, file: file, name: "id"), row.integer(effective) ?? 0, row.isOne(active), row.integer(module) ?? 0).run()
            rows += 1
        }
        return rows
    }

    private func importDescriptions(_ table: RF2Table) throws(OperationalError) -> Int {
        let file = table.file
        let id = try table.column("id"), effective = try table.column("effectiveTime"), active = try table.column("active")
        var rows = 0
        let concept = try table.column("conceptId"), type = try table.column("typeId")
        let language = try table.column("languageCode"), term = try table.column("term")
        let insert = try database.prepare("""
            INSERT INTO sct_description VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE
            SET effective = ?2, active = ?3, concept = ?4, type = ?5, lang = ?6, term = ?7 WHERE ?2 >= sct_description.effective
            """)
        try table.forEachRow { (row) throws(OperationalError) in
            try insert.bind(row.requiredInteger(id, file: file, name: "id"), row.integer(effective) ?? 0, row.isOne(active),
                            row.requiredInteger(concept, file: file, name: "conceptId"), row.integer(type) ?? 0,
                            row.text(language), row.text(term)).run()
            rows += 1
        }
        return rows
    }

    private func importRelationships(_ table: RF2Table) throws(OperationalError) -> Int {
        let file = table.file
        let id = try table.column("id"), effective = try table.column("effectiveTime"), active = try table.column("active")
        var rows = 0
        let source = try table.column("sourceId"), destination = try table.column("destinationId")
        let type = try table.column("typeId"), characteristic = try table.column("characteristicTypeId")
        let insert = try database.prepare("""
            INSERT INTO sct_isa_staging VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE
            SET effective = ?2, active = ?3, source = ?4, destination = ?5 WHERE ?2 >= sct_isa_staging.effective
            """)
        try table.forEachRow { (row) throws(OperationalError) in
            rows += 1
            guard row.integer(type) == Self.isA, row.integer(characteristic) != Self.statedCharacteristic else { return }
            try insert.bind(row.requiredInteger(id, file: file, name: "id"), row.integer(effective) ?? 0, row.isOne(active),
                            row.requiredInteger(source, file: file, name: "sourceId"),
                            row.requiredInteger(destination, file: file, name: "destinationId")).run()
        }
        return rows
    }

    private func importSimpleRefset(_ table: RF2Table) throws(OperationalError) -> Int {
        let file = table.file
        let id = try table.column("id"), effective = try table.column("effectiveTime"), active = try table.column("active")
        var rows = 0
        let refset = try table.column("refsetId"), component = try table.column("referencedComponentId")
        let insert = try database.prepare("""
            INSERT INTO sct_refset_staging VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(id) DO UPDATE
            SET effective = ?2, active = ?3, refset = ?4, component = ?5 WHERE ?2 >= sct_refset_staging.effective
            """)
        try table.forEachRow { (row) throws(OperationalError) in
            try insert.bind(row.text(id), row.integer(effective) ?? 0, row.isOne(active),
                            row.requiredInteger(refset, file: file, name: "refsetId"),
                            row.requiredInteger(component, file: file, name: "referencedComponentId")).run()
            rows += 1
        }
        return rows
    }

    private func importLanguageRefset(_ table: RF2Table) throws(OperationalError) -> Int {
        let file = table.file
        let id = try table.column("id"), effective = try table.column("effectiveTime"), active = try table.column("active")
        var rows = 0
        let refset = try table.column("refsetId"), component = try table.column("referencedComponentId")
        let acceptability = try table.column("acceptabilityId")
        let insert = try database.prepare("""
            INSERT INTO sct_language_staging VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id) DO UPDATE
            SET effective = ?2, active = ?3, refset = ?4, description = ?5, acceptability = ?6 WHERE ?2 >= sct_language_staging.effective
            """)
        try table.forEachRow { (row) throws(OperationalError) in
            try insert.bind(row.text(id), row.integer(effective) ?? 0, row.isOne(active),
                            row.requiredInteger(refset, file: file, name: "refsetId"),
                            row.requiredInteger(component, file: file, name: "referencedComponentId"),
                            row.integer(acceptability) ?? 0).run()
            rows += 1
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
