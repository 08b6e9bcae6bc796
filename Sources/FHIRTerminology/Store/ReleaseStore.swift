import FHIRElements
import Foundation

/// Read access to the terminology releases compiled into a cache: SNOMED CT concepts,
/// descriptions, hierarchy and refsets; dm+d products; ODS organisations.
///
/// Every lookup is one prepared statement over a primary key (O(log n) in the table size);
/// statements are prepared once and serialised by the connection's lock, so one store is
/// safe to share between threads.
public final class ReleaseStore: SnomedHierarchy, @unchecked Sendable {
    /// A SNOMED CT concept and its descriptions.
    public struct SnomedConcept: Sendable {
        public var id: Int64
        public var active: Bool
        public var module: Int64
        /// Active descriptions' terms, preferred synonym (GB, then US) first when the language
        /// refset is loaded, else FSN first.
        public var terms: [String]
        public var fullySpecifiedName: String?
        public var preferredTerm: String?
    }

    /// A dm+d product (or ingredient).
    public struct DmdProduct: Sendable {
        public var id: Int64
        public var kind: String
        public var name: String
        public var invalid: Bool
    }

    /// A SNOMED CT description.
    public struct Description: Sendable {
        public var id: Int64
        public var concept: Int64
        public var term: String
        public var active: Bool
    }

    /// An ODS organisation.
    public struct Organisation: Sendable {
        public var code: String
        public var name: String
        /// `A` active, `C` closed, `D` dormant, `P` proposed.
        public var status: String
        public var closeDate: String
        /// The file it came from (`epraccur`, `etr`, …).
        public var source: String
    }

    private let database: SQLiteDatabase
    public let hasSnomed: Bool
    public let hasDmd: Bool
    public let hasOds: Bool
    /// Namespaces with at least one concept loaded (0 = International).
    public let snomedNamespaces: Set<Int64>
    private let conceptStatement, descriptionsStatement, closureStatement, ancestorsStatement, parentsStatement,
                memberStatement, refsetsStatement, dmdStatement, odsStatement, descriptionStatement: SQLiteStatement

    static let fsnType: Int64 = 900_000_000_000_003_001
    static let preferred: Int64 = 900_000_000_000_548_007
    static let gbLanguage: Int64 = 900_000_000_000_508_004

    init(database: SQLiteDatabase) throws(CacheError) {
        self.database = database
        func any(_ table: String) throws(CacheError) -> Bool {
            try !database.query("SELECT 1 FROM \(table) LIMIT 1").isEmpty
        }
        hasSnomed = try any("sct_concept")
        hasDmd = try any("dmd_product")
        hasOds = try any("ods_organisation")
        snomedNamespaces = Set(try database.query("SELECT namespace FROM sct_namespace").compactMap { $0[0].integer.map(Int64.init) })
        conceptStatement = try database.prepare("SELECT active, module FROM sct_concept WHERE id = ?")
        descriptionsStatement = try database.prepare("""
            SELECT d.term, d.type, l.refset, l.acceptability FROM sct_description d
            LEFT JOIN sct_language l ON l.description = d.id WHERE d.concept = ? AND d.active = 1
            """)
        closureStatement = try database.prepare("SELECT 1 FROM sct_closure WHERE descendant = ? AND ancestor = ?")
        ancestorsStatement = try database.prepare("SELECT ancestor FROM sct_closure WHERE descendant = ?")
        parentsStatement = try database.prepare("SELECT parent FROM sct_parent WHERE child = ?")
        memberStatement = try database.prepare("SELECT 1 FROM sct_refset WHERE component = ? AND refset = ?")
        refsetsStatement = try database.prepare("SELECT refset FROM sct_refset WHERE component = ?")
        dmdStatement = try database.prepare("SELECT kind, name, invalid FROM dmd_product WHERE id = ?")
        descriptionStatement = try database.prepare("SELECT concept, term, active FROM sct_description WHERE id = ?")
        odsStatement = try database.prepare("SELECT name, status, close_date, source FROM ods_organisation WHERE code = ?")
    }

    /// A SNOMED CT concept with its active descriptions, or nil when not loaded. O(log n + descriptions).
    public func concept(_ id: Int64) -> SnomedConcept? {
        database.withLock {
            guard (try? conceptStatement.bind(id).step()) == true else { return nil }
            var concept = SnomedConcept(id: id, active: conceptStatement.int64(0) == 1, module: conceptStatement.int64(1), terms: [])
            var preferredRank = Int.max
            descriptionsStatement.bind(id)
            while (try? descriptionsStatement.step()) == true {
                guard let term = descriptionsStatement.text(0) else { continue }
                if !concept.terms.contains(term) { concept.terms.append(term) }
                if descriptionsStatement.int64(1) == Self.fsnType {
                    concept.fullySpecifiedName = term
                } else if descriptionsStatement.int64(3) == Self.preferred {
                    let rank = descriptionsStatement.int64(2) == Self.gbLanguage ? 0 : 1
                    if rank < preferredRank { preferredRank = rank; concept.preferredTerm = term }
                }
            }
            return concept
        }
    }

    /// A SNOMED CT description by id, or nil when not loaded. O(log n).
    public func description(_ id: Int64) -> Description? {
        database.withLock {
            guard (try? descriptionStatement.bind(id).step()) == true else { return nil }
            return Description(id: id, concept: descriptionStatement.int64(0), term: descriptionStatement.text(1) ?? "",
                               active: descriptionStatement.int64(2) == 1)
        }
    }

    /// True when the concept is loaded (active or not), or is a dm+d product. O(log n).
    public func isKnownConcept(_ id: Int64) -> Bool {
        database.withLock { (try? conceptStatement.bind(id).step()) == true } || dmdProduct(id) != nil
    }

    /// True when `descendant` is below `ancestor` in the is-a hierarchy (strictly). O(log n).
    public func isDescendant(_ descendant: Int64, of ancestor: Int64) -> Bool {
        database.withLock { (try? closureStatement.bind(descendant, ancestor).step()) == true }
    }

    /// Every strict ancestor of a concept. O(log n + ancestors).
    public func ancestors(of id: Int64) -> [Int64] { integers(ancestorsStatement, id) }

    /// The direct (inferred) parents of a concept. O(log n + parents).
    public func parents(of id: Int64) -> [Int64] { integers(parentsStatement, id) }

    /// True when a component is an active member of a simple refset. O(log n).
    public func isMember(_ component: Int64, ofRefset refset: Int64) -> Bool {
        database.withLock { (try? memberStatement.bind(component, refset).step()) == true }
    }

    /// The simple refsets a component is an active member of. O(log n + refsets).
    public func refsets(containing component: Int64) -> [Int64] { integers(refsetsStatement, component) }

    /// A dm+d product by id. O(log n).
    public func dmdProduct(_ id: Int64) -> DmdProduct? {
        database.withLock {
            guard (try? dmdStatement.bind(id).step()) == true else { return nil }
            return DmdProduct(id: id, kind: dmdStatement.text(0) ?? "", name: dmdStatement.text(1) ?? "", invalid: dmdStatement.int64(2) == 1)
        }
    }

    /// An ODS organisation by code. O(log n).
    public func organisation(_ code: String) -> Organisation? {
        database.withLock {
            guard (try? odsStatement.bind(code).step()) == true else { return nil }
            return Organisation(code: code, name: odsStatement.text(0) ?? "", status: odsStatement.text(1) ?? "",
                                closeDate: odsStatement.text(2) ?? "", source: odsStatement.text(3) ?? "")
        }
    }

    private func integers(_ statement: SQLiteStatement, _ key: Int64) -> [Int64] {
        database.withLock {
            statement.bind(key)
            var result: [Int64] = []
            while (try? statement.step()) == true { result.append(statement.int64(0)) }
            return result
        }
    }
}
