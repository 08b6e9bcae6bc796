/// The cache tables that hold terminology releases (SNOMED CT, dm+d, ODS).
///
/// - `sct_concept(id, effective, active, module)`; `sct_description(id, effective, active,
///   concept, type, lang, term)` indexed by concept; `sct_parent(child, parent)` (active
///   inferred is-a); `sct_closure(descendant, ancestor)`, the transitive is-a closure, so that
///   `<< X` membership is one B-tree probe; `sct_refset(component, refset)` (active simple
///   refset members); `sct_language(description, refset, acceptability)`; `sct_namespace`.
/// - `dmd_product(id, kind, name, invalid, parent)`: VTM, VMP, AMP, VMPP, AMPP and ING rows.
/// - `ods_organisation(code, name, status, open_date, close_date, source)`.
/// - `release(kind, location, rows)`: what was compiled in, for `fhirval` to report.
/// Staging tables (`*_staging`, temporary: never written to the cache file) hold RF2 rows keyed by
/// their own id while several releases (or Full files) are merged; the latest effective time wins.
enum TerminologySchema {
    static let create = """
        CREATE TABLE sct_concept(id INTEGER PRIMARY KEY, effective INTEGER, active INTEGER, module INTEGER);
        CREATE TABLE sct_description(id INTEGER PRIMARY KEY, effective INTEGER, active INTEGER, concept INTEGER, type INTEGER, lang TEXT, term TEXT);
        CREATE TEMP TABLE sct_isa_staging(id INTEGER PRIMARY KEY, effective INTEGER, active INTEGER, source INTEGER, destination INTEGER);
        CREATE TABLE sct_parent(child INTEGER, parent INTEGER, PRIMARY KEY(child, parent)) WITHOUT ROWID;
        CREATE TABLE sct_closure(descendant INTEGER, ancestor INTEGER, PRIMARY KEY(descendant, ancestor)) WITHOUT ROWID;
        CREATE TEMP TABLE sct_refset_staging(id TEXT PRIMARY KEY, effective INTEGER, active INTEGER, refset INTEGER, component INTEGER);
        CREATE TABLE sct_refset(component INTEGER, refset INTEGER, PRIMARY KEY(component, refset)) WITHOUT ROWID;
        CREATE TEMP TABLE sct_language_staging(id TEXT PRIMARY KEY, effective INTEGER, active INTEGER, refset INTEGER, description INTEGER, acceptability INTEGER);
        CREATE TABLE sct_language(description INTEGER, refset INTEGER, acceptability INTEGER, PRIMARY KEY(description, refset)) WITHOUT ROWID;
        CREATE TABLE sct_namespace(namespace INTEGER PRIMARY KEY);
        CREATE TABLE dmd_product(id INTEGER PRIMARY KEY, kind TEXT, name TEXT, invalid INTEGER, parent INTEGER);
        CREATE TABLE ods_organisation(code TEXT PRIMARY KEY, name TEXT, status TEXT, open_date TEXT, close_date TEXT, source TEXT);
        CREATE TABLE release(kind TEXT, location TEXT, rows INTEGER);
        """

    /// Turns the staging tables into the lookup tables, builds indexes, and drops staging.
    static let finishSQL = """
        INSERT OR IGNORE INTO sct_refset(component, refset) SELECT component, refset FROM sct_refset_staging WHERE active = 1;
        INSERT OR IGNORE INTO sct_language(description, refset, acceptability) SELECT description, refset, acceptability FROM sct_language_staging WHERE active = 1;
        DROP TABLE sct_refset_staging; DROP TABLE sct_language_staging;
        CREATE INDEX sct_description_concept ON sct_description(concept);
        """
}
