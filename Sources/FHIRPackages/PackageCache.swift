import FHIRElements
import Foundation

/// Opened packages by path, so that many validators built in one process share them.
///
/// Owned by the caller (no global state); safe to use from many threads.
public final class PackageCache: @unchecked Sendable {
    private var byPath: [String: FHIRPackage] = [:]
    private let lock = NSLock()

    public init() {}

    /// The package at a path, opened on first use. O(1) after the first call for a path.
    /// - Throws: `OperationalError` when the package cannot be opened.
    public func package(at path: String) throws(OperationalError) -> FHIRPackage {
        lock.lock()
        if let cached = byPath[path] { lock.unlock(); return cached }
        lock.unlock()
        let package = try FHIRPackage(path: path)
        lock.lock()
        byPath[path] = package
        lock.unlock()
        return package
    }
}
