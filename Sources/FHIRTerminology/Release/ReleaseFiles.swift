import FHIRElements
import FHIRPackages
import Foundation

/// One file of a terminology release, found in a folder or inside a zip.
public struct ReleaseFile: Sendable {
    /// Where the file is, for messages: a path, or `archive.zip!inner/path`.
    public let location: String
    /// The file's own name (last path component).
    public var name: String { String(location.split(whereSeparator: { $0 == "/" || $0 == "!" }).last ?? Substring(location)) }
    private let reader: @Sendable () throws(OperationalError) -> Data

    /// The file's bytes: memory-mapped for a file, inflated for a zip entry. O(size) for a zip entry.
    public func bytes() throws(OperationalError) -> Data { try reader() }

    /// The files of a release: a single file, a folder (recursively) or a zip (also zips inside
    /// folders), in a stable order.
    /// - Throws: `OperationalError` when the path does not exist or an archive is unreadable.
    public static func list(_ path: String) throws(OperationalError) -> [ReleaseFile] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw OperationalError(.notFound, path: path, "no such file or folder")
        }
        if !isFolder.boolValue { return try files(atPath: path) }
        guard let walker = FileManager.default.enumerator(atPath: path) else {
            throw OperationalError(.unreadable, path: path, "cannot list the folder")
        }
        var result: [ReleaseFile] = []
        for case let relative as String in walker {
            let full = (path as NSString).appendingPathComponent(relative)
            var folder: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &folder), !folder.boolValue {
                result += try files(atPath: full)
            }
        }
        return result.sorted { $0.location < $1.location }
    }

    private static func files(atPath path: String) throws(OperationalError) -> [ReleaseFile] {
        guard path.lowercased().hasSuffix(".zip") else {
            return [ReleaseFile(location: path, reader: { () throws(OperationalError) -> Data in try mapFile(path) })]
        }
        let archive = try ZipArchive(path: path)
        return archive.entries.map { entry in
            ReleaseFile(location: path + "!" + entry.path, reader: { () throws(OperationalError) -> Data in Data(try archive.data(entry)) })
        }
    }

    static func mapFile(_ path: String) throws(OperationalError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw OperationalError(.unreadable, path: path, "cannot read the file: \(error.localizedDescription)")
        }
    }
}
