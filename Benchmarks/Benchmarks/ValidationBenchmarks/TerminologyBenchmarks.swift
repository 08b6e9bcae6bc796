import Benchmark
import FHIRPackages
import FHIRTerminology
import Foundation

/// Membership of SNOMED CT codes in `<<` value sets over a compiled release.
///
/// Always over the MiniCT sample (compiled at start-up); over a full-size synthetic release when
/// `FHIRVAL_RF2_CACHE` names a cache compiled from `scripts/generate_rf2.py` output
/// (`fhirval compile --snomed /tmp/rf2 --output /tmp/rf2.db`).
func terminologyBenchmarks(root: String, configuration: Benchmark.Configuration) {
    let sample = FileManager.default.temporaryDirectory.appendingPathComponent("fhirval-bench-minict.sqlite").path
    do {
        try CompiledCache.write(ConformanceIndex(entries: []), problems: [], sources: [],
                                terminology: TerminologySources(snomed: [root + "/../shared/terminology/snomed/snowstorm-MiniCT_INT_GB_20140131"]),
                                to: sample)
    } catch {
        fatalError("\(error)")
    }
    var caches = [("MiniCT sample", sample, [Int64(131_148_009)], Int64(404_684_003))]
    if let synthetic = ProcessInfo.processInfo.environment["FHIRVAL_RF2_CACHE"] {
        // Concepts deep in the synthetic hierarchy (item ids 1,300,000 to 1,399,999), tested against a top-level concept.
        caches.append(("synthetic 400k release", synthetic, [1_300_000_007, 1_350_000_003, 1_399_998_002], 1_000_001_008))
    }
    for (name, path, codes, ancestor) in caches {
        guard let store = try? CompiledCache(path: path).releaseStore() else { fatalError("cannot open \(path)") }
        let terminology = PackageTerminology(index: ConformanceIndex(entries: []), release: store)
        let valueSet = "http://snomed.info/sct?fhir_vs=isa/\(ancestor)"
        let codeStrings = codes.map(String.init)
        Benchmark("SNOMED << membership, \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                for code in codeStrings { blackHole(terminology.membership(system: "http://snomed.info/sct", code: code, valueSet: valueSet)) }
            }
        }
        Benchmark("SNOMED closure probe, \(name)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                for code in codes { blackHole(store.isDescendant(code, of: ancestor)) }
            }
        }
    }
}
