import FHIRPackages
import FHIRTestSupport
import Foundation
@testable import FHIRTerminology

/// The real-format terminology samples in ../shared/terminology, compiled once into a cache.
enum TerminologyFixtures {
    static let root = repositoryRoot + "/../shared/terminology"
    static let miniCT = root + "/snomed/snowstorm-MiniCT_INT_GB_20140131"
    static let ukSample = root + "/snomed/rdiagnosislist-uk-sample-reserialised"
    static let dmd2019 = root + "/dmd/openprescribing-nhsbsa_dmd_4.0.1_20190401"
    static let dmd2021 = root + "/dmd/wardle-dmd-2021-08-26"
    static let epraccur = root + "/ods/ods-epraccur-2019-11/epraccur.zip"
    static let etr = root + "/ods/ods-etr-2020-02/etr.csv"

    static let sources = TerminologySources(snomed: [miniCT, ukSample], dmd: [dmd2019, dmd2021], ods: [epraccur, etr])

    /// A cache holding the samples (no conformance resources), with the counts the import reported.
    static let compiled: (path: String, counts: TerminologyCounts) = {
        let path = TemporaryFiles.path("terminology.sqlite")
        let counts = try! CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [], terminology: sources, to: path)
        return (path, counts)
    }()

    static let store: ReleaseStore = try! CompiledCache(path: compiled.path).releaseStore()
}
