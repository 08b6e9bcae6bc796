import Foundation

/// Finds FHIR packages by `name#version` in a documented search order.
///
/// Folders are searched in this order, first match wins:
/// 1. the folders given explicitly (`--package-dir`),
/// 2. each folder in `$FHIRVAL_PACKAGES` (colon-separated),
/// 3. `IGPackages/` in the current directory,
/// 4. `../shared/igpackages`,
/// 5. `~/.fhir/packages` (the cache the HL7 tools share),
/// 6. `IGPackages/` and `../shared/igpackages` beside the checkout the running
///    executable was built in (so `.build/release/fhirval` works from any directory).
///
/// In a folder a package may be `name#version.tgz`, `name-version.tgz`, or an
/// unpacked `name#version/` folder (the `~/.fhir/packages` layout).
public struct PackageLocator: Sendable {
    public var searchPath: [String]

    public init(searchPath: [String]) { self.searchPath = searchPath }

    /// The default search path, with extra folders first.
    public static func standard(extraFolders: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment) -> PackageLocator {
        var path = extraFolders
        if let env = environment["FHIRVAL_PACKAGES"] {
            path += env.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        path.append("IGPackages")
        path.append("../shared/igpackages")
        if let home = environment["HOME"] { path.append(home + "/.fhir/packages") }
        path += checkoutFolders()
        return PackageLocator(searchPath: path)
    }

    /// `IGPackages` and `../shared/igpackages` of the nearest ancestor of the executable that has either.
    private static func checkoutFolders() -> [String] {
        guard let executable = Bundle.main.executablePath else { return [] }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        let fm = FileManager.default
        for _ in 0..<6 {
            let own = folder.appendingPathComponent("IGPackages").path
            let shared = folder.deletingLastPathComponent().appendingPathComponent("shared/igpackages").path
            let found = [own, shared].filter { fm.fileExists(atPath: $0) }
            if !found.isEmpty { return found }
            folder = folder.deletingLastPathComponent()
        }
        return []
    }

    /// The path of a package, or nil. A nil or `current` version takes the highest found.
    /// O(folders × files in them).
    public func locate(name: String, version: String?) -> String? {
        let fm = FileManager.default
        for folder in searchPath {
            if let version, version != "current", !version.contains("x") {
                for candidate in ["\(name)#\(version).tgz", "\(name)-\(version).tgz", "\(name)#\(version)"] {
                    let full = folder + "/" + candidate
                    if fm.fileExists(atPath: full) { return full }
                }
                continue
            }
            guard let names = try? fm.contentsOfDirectory(atPath: folder) else { continue }
            let prefix = version.map { $0.replacingOccurrences(of: ".x", with: ".") } ?? ""
            let matches = names.compactMap { entry -> (String, String)? in
                for separator in ["#", "-"] where entry.hasPrefix(name + separator) {
                    var v = String(entry.dropFirst(name.count + 1))
                    if v.hasSuffix(".tgz") { v = String(v.dropLast(4)) }
                    if prefix.isEmpty || prefix == "current" || v.hasPrefix(prefix) { return (v, folder + "/" + entry) }
                }
                return nil
            }
            if let best = matches.max(by: { VersionOrder.less($0.0, $1.0) }) { return best.1 }
        }
        return nil
    }
}

/// Orders version strings numerically by dot-separated parts (`1.10.0` > `1.9.2`).
public enum VersionOrder {
    public static func less(_ a: String, _ b: String) -> Bool {
        let pa = a.split(whereSeparator: { $0 == "." || $0 == "-" })
        let pb = b.split(whereSeparator: { $0 == "." || $0 == "-" })
        for (x, y) in zip(pa, pb) where x != y {
            if let ix = Int(x), let iy = Int(y) { return ix < iy }
            return x < y
        }
        return pa.count < pb.count
    }
}
