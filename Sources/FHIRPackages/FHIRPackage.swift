import FHIRElements
import Foundation

/// A FHIR NPM package (a `.tgz` or an unpacked folder): its manifest and resources.
///
/// Resource bytes are read when first asked for; the package's `.index.json`
/// is used when present so that opening a large package does not parse every file.
public final class FHIRPackage: Sendable {
    public struct Dependency: Sendable, Hashable {
        public var name: String
        public var version: String
    }

    public let name: String
    public let version: String
    public let fhirVersions: [String]
    public let dependencies: [Dependency]
    /// Every resource in the package's `package/` folder.
    public let resources: [ResourceSummary]
    /// Where the package was read from.
    public let path: String
    private let storage: Storage

    private enum Storage: Sendable {
        case archive(TarArchive, [String: TarArchive.Entry])
        case folder(String)
    }

    /// Opens a package from a `.tgz` file or a folder (holding `package/` or being it).
    /// - Throws: `OperationalError` naming the file when it is missing, corrupt or has no manifest.
    public init(path: String) throws(OperationalError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OperationalError(.notFound, path: path, "no such package file or folder")
        }
        var files: [String: () -> [UInt8]?] = [:]
        if isDirectory.boolValue {
            let root = FileManager.default.fileExists(atPath: path + "/package/package.json") ? path + "/package" : path
            storage = .folder(root)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            for name in names { files[name] = { FileManager.default.contents(atPath: root + "/" + name).map { [UInt8]($0) } } }
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw OperationalError(.unreadable, path: path, "the package file could not be read")
            }
            let tar = try TarArchive(try Gzip.decompress([UInt8](data), path: path), path: path)
            var byName: [String: TarArchive.Entry] = [:]
            for entry in tar.entries {
                var p = Substring(entry.path)
                if p.hasPrefix("./") { p = p.dropFirst(2) }
                guard p.hasPrefix("package/") else { continue }
                let rest = p.dropFirst("package/".count)
                if rest.contains("/") { continue }  // only top-level package files hold resources
                byName[String(rest)] = entry
            }
            storage = .archive(tar, byName)
            for (name, entry) in byName { files[name] = { Array(tar.data(entry)) } }
        }
        guard let manifestBytes = files["package.json"]?(),
              let manifest = try? JSONReader.parse(manifestBytes) else {
            throw OperationalError(.invalidManifest, path: path, "package/package.json is missing or is not valid JSON")
        }
        guard let name = manifest["name"]?.stringValue, let version = manifest["version"]?.stringValue else {
            throw OperationalError(.invalidManifest, path: path, "package/package.json has no name or version")
        }
        self.name = name
        self.version = version
        self.fhirVersions = (manifest["fhirVersions"]?.arrayValue ?? []).compactMap(\.stringValue)
        self.dependencies = (manifest["dependencies"]?.objectMembers ?? []).compactMap { member in
            member.value.stringValue.map { Dependency(name: member.key, version: $0) }
        }
        if let indexBytes = files[".index.json"]?(), let index = try? JSONReader.parse(indexBytes) {
            self.resources = index["files"]?.arrayValue.compactMap { entry -> ResourceSummary? in
                guard let file = entry["filename"]?.stringValue, let type = entry["resourceType"]?.stringValue else { return nil }
                return ResourceSummary(resourceType: type, id: entry["id"]?.stringValue, url: entry["url"]?.stringValue,
                                       version: entry["version"]?.stringValue, type: entry["type"]?.stringValue,
                                       kind: entry["kind"]?.stringValue, derivation: entry["derivation"]?.stringValue,
                                       location: file)
            } ?? []
        } else {
            var summaries: [ResourceSummary] = []
            for fileName in files.keys.sorted() where fileName.hasSuffix(".json") || fileName.hasSuffix(".xml") {
                if fileName == "package.json" || fileName.hasPrefix(".") { continue }
                guard let bytes = files[fileName]?(), let root = ResourceParser.parse(bytes).root else { continue }
                summaries.append(ResourceSummary(element: root, location: fileName))
            }
            self.resources = summaries
        }
    }

    /// The bytes of a resource file of this package, or nil when it is not there.
    public func bytes(of fileName: String) -> [UInt8]? {
        switch storage {
        case .archive(let tar, let byName):
            return byName[fileName].map { Array(tar.data($0)) }
        case .folder(let root):
            return FileManager.default.contents(atPath: root + "/" + fileName).map { [UInt8]($0) }
        }
    }

    /// `name#version`, the form packages are cited in.
    public var reference: String { "\(name)#\(version)" }
}
