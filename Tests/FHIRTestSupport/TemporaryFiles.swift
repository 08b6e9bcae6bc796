import Foundation

/// Paths for the files tests write, all in one folder per test process that is removed when the
/// process exits: tests leave nothing in the temporary directory, even when they fail midway.
public enum TemporaryFiles {
    /// A fresh path for a test's file (`name` ends it).
    public static func path(_ name: String) -> String {
        folder + "/\(UUID().uuidString)-\(name)"
    }

    /// This test process's folder, made on first use.
    public static let folder: String = {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("fhirval-tests-\(ProcessInfo.processInfo.processIdentifier)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: TemporaryFiles.folder) }
        return path
    }()
}
