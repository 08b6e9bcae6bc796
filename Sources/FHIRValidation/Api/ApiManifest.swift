import Foundation

/// An NHS England API as data: the definitions it loads and what selects its profiles.
///
/// Manifests live in `IGPackages/apis/<name>.json`; paths in them are relative to the folder
/// holding `IGPackages` (so `../shared/...` reaches the shared data beside the checkout).
public struct ApiManifest: Decodable, Sendable {
    public var name: String
    public var title: String
    public var version: String
    /// Definition files or folders, loaded in order (earlier ones take precedence).
    public var definitions: [String]
    /// Packages (paths or `name#version`).
    public var packages: [String]?
    /// CapabilityStatements (canonicals) whose `rest.resource` profiles apply by resource type.
    public var capabilityStatements: [String]
    /// Profiles by resource type stated directly, for APIs without a CapabilityStatement.
    public var profiles: [String: [String]]?
    /// What the API depends on that is not available offline.
    public var missing: [String]?
    /// Rules the API documents and enforces that its profiles do not state.
    public var rules: [ApiBusinessRule]?

    /// The folder the manifest's paths are relative to.
    public private(set) var base = ""
    /// The manifest file it was read from.
    public private(set) var path = ""

    private enum CodingKeys: String, CodingKey {
        case name, title, version, definitions, packages, capabilityStatements, profiles, missing, rules
    }

    /// Reads a manifest file. - Throws: when the file is missing or not a manifest.
    public static func read(_ path: String) throws -> ApiManifest {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var manifest = try JSONDecoder().decode(ApiManifest.self, from: data)
        // <base>/IGPackages/apis/<name>.json
        manifest.path = path
        manifest.base = URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        return manifest
    }

    /// The definition paths resolved against the manifest's base folder.
    public var resolvedDefinitions: [String] {
        definitions.map { $0.hasPrefix("/") ? $0 : base + "/" + $0 }
    }

    /// The manifests in a set of `IGPackages` folders, by name (first found wins).
    public static func all(in folders: [String]) -> [String: ApiManifest] {
        var found: [String: ApiManifest] = [:]
        for folder in folders {
            let apis = folder + "/apis"
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: apis)) ?? []).sorted() where file.hasSuffix(".json") {
                if let manifest = try? read(apis + "/" + file), found[manifest.name] == nil { found[manifest.name] = manifest }
            }
        }
        return found
    }
}
