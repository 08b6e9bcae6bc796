import Foundation

/// Texts that one thread's documents repeat (element names, code systems, codes, units), each
/// kept once: a text met again is the kept String, with no allocation and no UTF-8 check.
///
/// A direct-mapped table of recent texts, as a CPU cache is: a text's slot is a hash of its
/// length and its first and last eight bytes, a hit is confirmed on those words (which are the
/// whole text up to 16 bytes) and byte by byte beyond, and a miss replaces the slot. Only short
/// texts are kept (long ones are rarely repeated). Not thread-safe: one per `ParseWorkspace`.
final class StringInterner {
    /// Texts longer than this are made afresh each time.
    static let maximumLength = 64
    private static let slotCount = 1024

    private struct Slot {
        var length = 0
        /// The text's first and last eight bytes (all of it, packed, below eight bytes).
        var head: UInt64 = 0
        var tail: UInt64 = 0
        var string = ""
    }

    private let slots: UnsafeMutablePointer<Slot>
    /// Each slot's bytes, `maximumLength` apart, for texts longer than 16 bytes.
    private let texts: UnsafeMutablePointer<UInt8>

    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: Slot(), count: Self.slotCount)
        texts = .allocate(capacity: Self.slotCount * Self.maximumLength)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
        texts.deallocate()
    }

    /// The String of a text: the one `strings` keeps when given a table (which its caller owns
    /// for the call), else made afresh. O(length).
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, keptIn strings: Unmanaged<StringInterner>?) -> String {
        guard let strings else { return String(decoding: bytes, as: UTF8.self) }
        return strings._withUnsafeGuaranteedRef { $0.string(bytes) }
    }

    /// The String of a text (valid UTF-8: the caller read it from a checked document). O(length).
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard count > 0, count <= Self.maximumLength, let base = bytes.baseAddress else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let head: UInt64, tail: UInt64
        if count >= 8 {
            head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            tail = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
        } else {
            var word: UInt64 = 0
            for i in 0..<count { word = word << 8 | UInt64(base[i]) }
            head = word
            tail = 0
        }
        let mixed = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
        let index = Int(truncatingIfNeeded: ((mixed ^ (mixed >> 29)) &* 0x94D0_49BB_1331_11EB) >> 54) & (Self.slotCount - 1)
        let slot = slots + index
        let text = texts + index * Self.maximumLength
        if slot.pointee.length == count, slot.pointee.head == head, slot.pointee.tail == tail,
           count <= 16 || memcmp(text, base, count) == 0 {
            return slot.pointee.string
        }
        let made = String(decoding: bytes, as: UTF8.self)
        slot.pointee = Slot(length: count, head: head, tail: tail, string: made)
        if count > 16 { text.update(from: base, count: count) }
        return made
    }
}
