#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A shell-style file pattern given as an input (`exports/*.ndjson`, `data/**/*.json`), for
/// shells and CI systems that pass patterns through unexpanded.
///
/// `*`, `?` and `[…]` match within one path component, as the shell's do (POSIX `fnmatch`;
/// a name starting with `.` is matched only by a pattern starting with `.`); a `**` component
/// matches any number of folders, none included (symbolic links to folders are not followed
/// there). Matches are listed in name order, folder by folder.
struct PathPattern {
    let text: String

    /// True when the text holds a pattern character (`*`, `?` or `[`). O(length).
    static func isPattern(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// The existing paths the pattern matches, in order, each once. O(entries of the folders searched).
    func matches() -> [String] {
        let isAbsolute = text.hasPrefix("/")
        let components = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var found: [String] = []
        var seen = Set<String>()
        expand(from: isAbsolute ? "/" : "", components: components[...]) { path in
            if seen.insert(path).inserted { found.append(path) }
        }
        return found
    }

    private func expand(from base: String, components: ArraySlice<String>, _ found: (String) -> Void) {
        guard let component = components.first else {
            if !base.isEmpty { found(base) }
            return
        }
        let rest = components.dropFirst()
        if component == "**" {
            expand(from: base, components: rest, found)
            for folder in entries(of: base) where !folder.hasPrefix(".") && isFolder(join(base, folder)) {
                expand(from: join(base, folder), components: components, found)
            }
        } else if !Self.isPattern(component) {
            let next = join(base, component)
            if FileManager.default.fileExists(atPath: next) { expand(from: next, components: rest, found) }
        } else {
            for name in entries(of: base) where fnmatch(component, name, FNM_PERIOD) == 0 {
                expand(from: join(base, name), components: rest, found)
            }
        }
    }

    /// The names in a folder, sorted; none when it is not a readable folder.
    private func entries(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []).sorted()
    }

    /// True for a folder, not for a symbolic link to one (`attributesOfItem` does not follow links).
    private func isFolder(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return false }
        return attributes[.type] as? FileAttributeType == .typeDirectory
    }

    private func join(_ base: String, _ name: String) -> String {
        base.isEmpty ? name : base == "/" ? "/" + name : base + "/" + name
    }
}
