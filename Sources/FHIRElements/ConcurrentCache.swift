import Foundation
import Synchronization

/// A read-mostly cache shared by validation threads, whose hits take no lock.
///
/// Entries live in an immutable snapshot published through an atomic pointer: a hit is one
/// acquiring load and one dictionary probe, with no write to memory other threads read (a
/// reader–writer lock writes its reader count on every read, which two cores then pass back
/// and forth). New entries wait in a locked side table and are published in a new snapshot
/// when they are many (half the snapshot) or keep being asked for. Replaced snapshots are
/// kept until the cache goes, since a reader may still be probing one; their total size is
/// bounded by a small multiple of the final size (after that, entries asked for rarely stay
/// in the side table).
public final class ConcurrentCache<Key: Hashable, Value>: @unchecked Sendable {
    @usableFromInline
    final class Snapshot {
        @usableFromInline let entries: [Key: Value]
        init(_ entries: [Key: Value]) { self.entries = entries }
    }

    private struct Staging {
        var entries: [Key: Value] = [:]
        /// Lookups answered from `entries` since the last publication.
        var hits = 0
        var published: Snapshot?
        var retired: [Snapshot] = []
        var retiredCount = 0
    }

    @usableFromInline let current = Atomic<UnsafeRawPointer?>(nil)
    /// Guarded by `lock`.
    private var staging = Staging()
    private let lock = NSLock()

    /// The most entries kept; further values are not cached (for caches of values the input
    /// chooses, such as unit codes, which must not grow with the input).
    private let limit: Int

    public init(limit: Int = .max) { self.limit = limit }

    deinit {
        if let pointer = current.load(ordering: .acquiring) { Unmanaged<Snapshot>.fromOpaque(pointer).release() }
    }

    /// The cached value for a key, or nil when none is cached. O(1).
    @inlinable
    public subscript(key: Key) -> Value? {
        if let pointer = current.load(ordering: .acquiring),
           let value = Unmanaged<Snapshot>.fromOpaque(pointer).takeUnretainedValue().entries[key] {
            return value
        }
        return staged(key)
    }

    /// A value not yet published, from the side table.
    @usableFromInline
    func staged(_ key: Key) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        guard let value = staging.entries[key] else { return nil }
        staging.hits += 1
        let size = staging.published?.entries.count ?? 0
        if staging.hits >= max(16, size / 4), staging.retiredCount <= 4 * size + 4096 { publish() }
        return value
    }

    /// Caches a value (the first value cached for a key is kept). Amortised O(1).
    public func insert(_ value: Value, for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        if staging.published?.entries[key] != nil || staging.entries[key] != nil { return }
        guard (staging.published?.entries.count ?? 0) + staging.entries.count < limit else { return }
        staging.entries[key] = value
        if staging.entries.count >= max(8, (staging.published?.entries.count ?? 0) / 2) { publish() }
    }

    /// The cached value, or the one `make` returns, cached. `make` runs without the cache's lock
    /// (it may use the cache); two threads may both run it, and the first value is kept.
    @inlinable
    public func value(for key: Key, make: () -> Value) -> Value {
        if let cached = self[key] { return cached }
        let made = make()
        insert(made, for: key)
        return self[key] ?? made
    }

    /// Publishes the staged entries in a new snapshot. Call holding `lock`.
    private func publish() {
        var merged = staging.published?.entries ?? [:]
        merged.merge(staging.entries) { old, _ in old }
        let snapshot = Snapshot(merged)
        if let old = staging.published {
            staging.retired.append(old)
            staging.retiredCount += old.entries.count
        }
        staging.published = snapshot
        let previous = current.exchange(UnsafeRawPointer(Unmanaged.passRetained(snapshot).toOpaque()), ordering: .acquiringAndReleasing)
        if let previous { Unmanaged<Snapshot>.fromOpaque(previous).release() }  // `retired` still holds it
        staging.entries = [:]
        staging.hits = 0
    }
}
