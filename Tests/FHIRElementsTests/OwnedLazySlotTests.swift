import FHIRElements
import Testing

/// The owner that asks first gets one value, made once; another owner never gets it.
@Suite struct OwnedLazySlotTests {
    final class Owner {}

    @Test func theFirstOwnersValueIsMadeOnceAndKeptFromOthers() {
        let slot = OwnedLazySlot<Int>()
        let first = Owner(), second = Owner()
        var made = 0
        #expect(slot.value(for: first) { made += 1; return 1 } == 1)
        #expect(slot.value(for: first) { made += 1; return 99 } == 1)
        #expect(made == 1)
        #expect(slot.value(for: second) { made += 1; return 2 } == 2)
        #expect(slot.value(for: second) { made += 1; return 3 } == 3)  // never cached for another owner
        #expect(slot.value(for: first) { 99 } == 1)
        #expect(made == 3)
    }
}
