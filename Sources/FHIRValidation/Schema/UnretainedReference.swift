/// Borrowing compiled objects on the walk's hot path without a retain and release each.
///
/// Compiled structures are immutable and owned by their `SchemaStore` for as long as it lives;
/// the walker holds the store, so it may read references the structures hold as `Unmanaged`
/// and borrow them for the length of a call (reading them as strong references costs an atomic
/// increment and decrement each time, on objects every validating thread shares).
extension Optional {
    /// Runs `body` with the object this unretained reference names, borrowed, or with nil.
    @inline(__always)
    func withBorrowed<Object: AnyObject, Result>(_ body: (Object?) throws -> Result) rethrows -> Result where Wrapped == Unmanaged<Object> {
        guard let reference = self else { return try body(nil) }
        return try reference._withUnsafeGuaranteedRef { try body($0) }
    }
}
