import Foundation

/// A reader–writer lock for read-mostly caches: many threads read at once; a writer is alone.
public final class ReadWriteLock: @unchecked Sendable {
    private var lock = pthread_rwlock_t()

    public init() { pthread_rwlock_init(&lock, nil) }

    deinit { pthread_rwlock_destroy(&lock) }

    /// Runs `body` holding the lock for reading.
    @inline(__always)
    public func read<T>(_ body: () -> T) -> T {
        pthread_rwlock_rdlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return body()
    }

    /// Runs `body` holding the lock for writing.
    @inline(__always)
    public func write<T>(_ body: () -> T) -> T {
        pthread_rwlock_wrlock(&lock)
        defer { pthread_rwlock_unlock(&lock) }
        return body()
    }
}
