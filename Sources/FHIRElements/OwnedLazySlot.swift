/// A value worked out once for the owner that asks for it (the validator's terminology, for a
/// binding's expansion), and afresh for any other owner.
///
/// Compiled definitions belong to one validator, so one owner asks nearly always; the slot
/// then answers without a lock or a lookup by key (see `LazySlot`; inlinable, like it, so that
/// each use is specialised to its value type). Another owner (a second
/// validator over the same compiled definitions) is never given the first one's answer.
/// A struct around the slot, stored in its holder: reading it follows one pointer fewer.
public struct OwnedLazySlot<Value>: @unchecked Sendable {
    /// The value with the owner it was made for (a pair, not an object: reading a plain value
    /// retains nothing).
    @usableFromInline let slot = LazySlot<(owner: ObjectIdentifier, value: Value)>()

    public init() {}

    /// The value for `owner`, made by `make` on its first use (and for any other owner on every use). O(1).
    @inlinable
    public func value(for owner: AnyObject, _ make: () -> Value) -> Value {
        let id = ObjectIdentifier(owner)
        let answer = slot.value { (id, make()) }
        return answer.owner == id ? answer.value : make()
    }
}
