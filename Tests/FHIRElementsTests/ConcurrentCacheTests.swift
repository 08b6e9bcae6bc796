import Dispatch
import Testing
@testable import FHIRElements

@Suite struct ConcurrentCacheTests {
    @Test func aCachedValueIsFoundAndTheFirstValueForAKeyIsKept() {
        let cache = ConcurrentCache<String, Int>()
        #expect(cache["a"] == nil)
        cache.insert(1, for: "a")
        cache.insert(2, for: "a")
        #expect(cache["a"] == 1)
        #expect(cache.value(for: "b") { 7 } == 7)
        #expect(cache.value(for: "b") { 8 } == 7)
    }

    @Test func valuesStayFoundAcrossPublications() {
        let cache = ConcurrentCache<Int, Int>()
        for i in 0..<5_000 { cache.insert(i * 2, for: i) }
        // Staged and published entries alike; repeated lookups publish the staged ones.
        for _ in 0..<3 {
            for i in 0..<5_000 { #expect(cache[i] == i * 2) }
        }
        #expect(cache[5_000] == nil)
    }

    @Test func optionalValuesCacheTheirAbsence() {
        let cache = ConcurrentCache<String, Int?>()
        var made = 0
        for _ in 0..<3 { _ = cache.value(for: "missing") { made += 1; return nil } }
        #expect(made == 1)
        #expect(cache["missing"] == .some(nil))
    }

    @Test func manyThreadsReadAndFillOneCache() {
        let cache = ConcurrentCache<Int, String>()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in 0..<2_000 {
                let key = (i * 7 + worker) % 500
                let value = cache.value(for: key) { "v\(key)" }
                precondition(value == "v\(key)", "wrong value for \(key)")
            }
        }
        for key in 0..<500 { #expect(cache[key] == "v\(key)") }
    }

    @Test func aLimitedCacheKeepsNoMoreThanItsLimitButStillAnswers() {
        let cache = ConcurrentCache<Int, Int>(limit: 10)
        for i in 0..<100 { #expect(cache.value(for: i) { i + 1 } == i + 1) }
        #expect((0..<100).filter { cache[$0] != nil }.count == 10)
    }

    @Test func aLazySlotMakesItsValueOnce() {
        let slot = LazySlot<[Int]>()
        var made = 0
        #expect(slot.value { made += 1; return [1, 2] } == [1, 2])
        #expect(slot.value { made += 1; return [3] } == [1, 2])
        #expect(made == 1)
    }

    @Test func threadsRacingToFillALazySlotSeeOneValue() {
        for _ in 0..<50 {
            let slot = LazySlot<String>()
            let seen = ConcurrentCache<Int, String>()
            DispatchQueue.concurrentPerform(iterations: 4) { worker in seen.insert(slot.value { "from \(worker)" }, for: worker) }
            let values = Set((0..<4).compactMap { seen[$0] })
            #expect(values.count == 1)
        }
    }
}
