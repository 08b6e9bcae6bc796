import FHIRElements
import Foundation

/// Loads packages (with their dependencies) and loose definition files into a `ConformanceIndex`.
public struct DefinitionLoader: Sendable {
    /// The FHIR R4 core package, always loaded as the base.
    public static let corePackage = FHIRPackage.Dependency(name: "hl7.fhir.r4.core", version: "4.0.1")

    public var locator: PackageLocator
    /// Where opened packages are kept for reuse.
    public var cache: PackageCache

    public init(locator: PackageLocator = .standard(), cache: PackageCache = PackageCache()) {
        self.locator = locator
        self.cache = cache
    }

    /// Loads everything. `packages` are paths (`.tgz` or folder) or `name#version` references.
    /// - Throws: `OperationalError` when an explicitly named package or file cannot be read, or
    ///   when the R4 core package cannot be found.
    public func load(packages: [String], definitions: [String], includeCore: Bool = true) throws(OperationalError) -> ConformanceIndex {
        var loaded: [FHIRPackage] = []
        var seen = Set<String>()
        var issues: [Issue] = []
        var queue: [FHIRPackage.Dependency] = []
        for reference in packages {
            let package: FHIRPackage
            if FileManager.default.fileExists(atPath: reference) {
                package = try cache.package(at: reference)
            } else {
                // A file path (a folder, or a `.tgz`) that is not there is no package name to look up.
                if reference.contains("/") || reference.lowercased().hasSuffix(".tgz") {
                    throw OperationalError(.notFound, path: reference, "no such package file or folder")
                }
                let (name, version) = Self.split(reference)
                guard let path = locator.locate(name: name, version: version) else {
                    throw OperationalError(.notFound, path: reference,
                                       "package not found in the search path (\(locator.searchPath.joined(separator: ", ")))")
                }
                package = try cache.package(at: path)
            }
            if seen.insert(package.reference).inserted {
                loaded.append(package)
                queue.append(contentsOf: package.dependencies)
            }
        }
        if includeCore { queue.append(Self.corePackage) }
        while !queue.isEmpty {
            let dependency = queue.removeFirst()
            if loaded.contains(where: { $0.name == dependency.name }) { continue }
            guard let path = locator.locate(name: dependency.name, version: dependency.version) else {
                if dependency.name == Self.corePackage.name {
                    throw OperationalError(.notFound, path: "\(dependency.name)#\(dependency.version)",
                                       "the FHIR R4 core package was not found in the search path (\(locator.searchPath.joined(separator: ", ")))")
                }
                issues.append(Issue(severity: .warning, code: .notFound, messageID: "package.dependency-missing",
                                    message: "Package dependency \(dependency.name)#\(dependency.version) was not found; its definitions are not available"))
                continue
            }
            let package = try cache.package(at: path)
            if seen.insert(package.reference).inserted {
                loaded.append(package)
                queue.append(contentsOf: package.dependencies)
            }
        }
        var loose: [(element: Element, location: String)] = []
        for path in definitions {
            try Self.collectDefinitions(at: path, into: &loose, issues: &issues, explicit: true)
        }
        return ConformanceIndex(packages: loaded, looseResources: loose, loadIssues: issues)
    }

    static func split(_ reference: String) -> (String, String?) {
        guard let hash = reference.firstIndex(of: "#") else { return (reference, nil) }
        return (String(reference[..<hash]), String(reference[reference.index(after: hash)...]))
    }

    /// Reads a JSON/XML file or every such file below a folder; Bundles contribute their entries.
    /// A file named explicitly must be a resource; files found in a folder that are not
    /// (package.json, other JSON) are passed over with a warning.
    static func collectDefinitions(at path: String, into loose: inout [(element: Element, location: String)], issues: inout [Issue],
                                   explicit: Bool) throws(OperationalError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OperationalError(.notFound, path: path, "no such definition file or folder")
        }
        if isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            for name in names where !name.hasPrefix(".") {
                let full = path + "/" + name
                var childIsDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: full, isDirectory: &childIsDirectory)
                if childIsDirectory.boolValue || name.hasSuffix(".json") || name.hasSuffix(".xml") {
                    try collectDefinitions(at: full, into: &loose, issues: &issues, explicit: false)
                }
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OperationalError(.unreadable, path: path, "the definition file could not be read")
        }
        let parsed = ResourceParser.parse([UInt8](data))
        guard let root = parsed.root else {
            let first = parsed.issues.first
            if !explicit {
                let name = (path as NSString).lastPathComponent
                if name != "package.json" && !name.hasPrefix(".") {
                    issues.append(Issue(severity: .warning, code: .invalid, messageID: "definitions.not-a-resource",
                                        message: "\(path) was passed over: \(first?.message ?? "not a FHIR resource")", position: first?.position))
                }
                return
            }
            throw OperationalError(.invalidResource, path: path + (first?.position.map { ":\($0)" } ?? ""),
                               first?.message ?? "not a FHIR resource")
        }
        if root.resourceType == "Bundle" {
            for (k, entry) in root.children(named: "entry").enumerated() {
                if let resource = entry.child("resource"), resource.resourceType != nil {
                    loose.append((resource, path + ConformanceIndex.entryMarker + String(k)))
                }
            }
        }
        loose.append((root, path))
    }
}
