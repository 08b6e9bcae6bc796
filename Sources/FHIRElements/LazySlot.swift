import Synchronization

/// A value made on first use and then shared by every thread, read without a lock.
///
/// Two threads may both make the value the first time; the first one stored is kept.
public final class LazySlot<Value>: @unchecked Sendable {
    @usableFromInline
    final class Box {
        @usableFromInline let value: Value
        init(_ value: Value) { self.value = value }
    }

    @usableFromInline let slot = Atomic<UnsafeRawPointer?>(nil)

    public init() {}

    deinit {
        if let pointer = slot.load(ordering: .acquiring) { Unmanaged<Box>.fromOpaque(pointer).release() }
    }

    /// The value, made by `make` on first use. O(1) after that.
    @inlinable
    public func value(_ make: () -> Value) -> Value {
        if let pointer = slot.load(ordering: .acquiring) { return Unmanaged<Box>.fromOpaque(pointer).takeUnretainedValue().value }
        return store(make())
    }

    @usableFromInline
    func store(_ value: Value) -> Value {
        let made = UnsafeRawPointer(Unmanaged.passRetained(Box(value)).toOpaque())
        let (stored, existing) = slot.compareExchange(expected: nil, desired: made, ordering: .acquiringAndReleasing)
        if stored { return value }
        Unmanaged<Box>.fromOpaque(made).release()
        return Unmanaged<Box>.fromOpaque(existing!).takeUnretainedValue().value
    }
}
