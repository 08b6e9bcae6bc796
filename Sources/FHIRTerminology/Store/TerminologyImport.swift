import FHIRElements
import Foundation

/// The terminology releases to compile into a cache.
public struct TerminologySources: Sendable {
    /// RF2 release folders or zips (International, UK Clinical, UK Drug, or a UK Monolith).
    public var snomed: [String]
    /// NHSBSA dm+d XML release folders or zips.
    public var dmd: [String]
    /// ODS CSV files, folders or zips.
    public var ods: [String]

    public init(snomed: [String] = [], dmd: [String] = [], ods: [String] = []) {
        self.snomed = snomed
        self.dmd = dmd
        self.ods = ods
    }

    public var isEmpty: Bool { snomed.isEmpty && dmd.isEmpty && ods.isEmpty }
}

/// How much terminology a compile imported.
public struct TerminologyCounts: Sendable {
    public var snomedConcepts = 0, snomedDescriptions = 0, snomedRelationships = 0, snomedClosureRows = 0
    public var snomedRefsetMembers = 0, snomedLanguageMembers = 0
    public var dmdProducts: [String: Int] = [:]
    public var odsOrganisations: [String: Int] = [:]

    /// One line per release kind, for the CLI.
    public var summary: String {
        var lines: [String] = []
        if snomedConcepts > 0 {
            lines.append("SNOMED CT: \(snomedConcepts) concept rows, \(snomedDescriptions) descriptions, \(snomedRelationships) relationships, \(snomedClosureRows) is-a closure rows, \(snomedRefsetMembers) simple refset and \(snomedLanguageMembers) language refset members")
        }
        if !dmdProducts.isEmpty {
            lines.append("dm+d: " + dmdProducts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        if !odsOrganisations.isEmpty {
            lines.append("ODS: " + odsOrganisations.sorted { $0.key < $1.key }.map { "\($0.value) from \($0.key)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// Runs the release importers over one open cache database, inside its transaction.
struct TerminologyImport {
    let database: SQLiteDatabase

    func run(_ sources: TerminologySources, progress: (String) -> Void) throws(CacheError) -> TerminologyCounts {
        var counts = TerminologyCounts()
        let record = try database.prepare("INSERT INTO release VALUES (?, ?, ?)")
        let snomed = SnomedImporter(database: database)
        for path in sources.snomed {
            let read = try snomed.importRelease(path, progress: progress)
            counts.snomedConcepts += read[.concept] ?? 0
            counts.snomedDescriptions += read[.description] ?? 0
            counts.snomedRelationships += read[.relationship] ?? 0
            counts.snomedRefsetMembers += read[.simpleRefset] ?? 0
            counts.snomedLanguageMembers += read[.languageRefset] ?? 0
            try record.bind("snomed", path, read.values.reduce(0, +)).run()
        }
        counts.snomedClosureRows = try snomed.finish(progress: progress)
        for path in sources.dmd {
            let read = try DmdImporter(database: database).importRelease(path, progress: progress)
            counts.dmdProducts.merge(read, uniquingKeysWith: +)
            try record.bind("dmd", path, read.values.reduce(0, +)).run()
        }
        for path in sources.ods {
            let read = try OdsImporter(database: database).importRelease(path, progress: progress)
            counts.odsOrganisations.merge(read, uniquingKeysWith: +)
            try record.bind("ods", path, read.values.reduce(0, +)).run()
        }
        return counts
    }
}
