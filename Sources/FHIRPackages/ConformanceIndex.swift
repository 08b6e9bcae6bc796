import FHIRElements
import Foundation

/// Every conformance resource known to a validation: packages and loose files,
/// indexed by canonical URL and by resource type.
///
/// Precedence for a canonical found more than once: loose definitions first,
/// then packages in the order loaded (explicit before their dependencies);
/// without a version pin the highest version wins. Resources are parsed when
/// first asked for and cached; the index is safe to share between threads.
public final class ConformanceIndex: @unchecked Sendable {
    /// A resource and where it came from.
    public struct Entry: Sendable {
        public var summary: ResourceSummary
        /// Where its bytes are read from (a package, a compiled cache), or nil when preloaded.
        public var source: (any ResourceSource)?
        /// True for a loose definition file, which outranks package content.
        public var isLoose: Bool
        fileprivate var preloaded: Element?

        public init(summary: ResourceSummary, source: (any ResourceSource)?, isLoose: Bool) {
            self.summary = summary
            self.source = source
            self.isLoose = isLoose
        }
    }

    public let packages: [FHIRPackage]
    /// Problems met while loading that did not stop it (missing dependencies, unreadable files).
    public let loadIssues: [Issue]
    private let entries: [Entry]
    private let byURL: [String: [Int]]
    private var parsed: [Int: Element] = [:]
    private let lock = NSLock()

    /// Builds an index over packages and loose resources (already parsed).
    public convenience init(packages: [FHIRPackage], looseResources: [(element: Element, location: String)], loadIssues: [Issue] = []) {
        var entries: [Entry] = []
        for (element, location) in looseResources {
            var entry = Entry(summary: ResourceSummary(element: element, location: location), source: nil, isLoose: true)
            entry.preloaded = element
            entries.append(entry)
        }
        for package in packages {
            for summary in package.resources {
                entries.append(Entry(summary: summary, source: package, isLoose: false))
            }
        }
        self.init(entries: entries, packages: packages, loadIssues: loadIssues)
    }

    /// Builds an index over entries in precedence order (a compiled cache's rows, say).
    public init(entries: [Entry], packages: [FHIRPackage] = [], loadIssues: [Issue] = []) {
        var byURL: [String: [Int]] = [:]
        for (i, entry) in entries.enumerated() {
            guard let url = entry.summary.url else { continue }
            byURL[url, default: []].append(i)
        }
        self.packages = packages
        self.entries = entries
        self.byURL = byURL
        self.loadIssues = loadIssues
    }

    /// The entry for a canonical (`url` or `url|version`), or nil. O(versions of that url).
    public func entry(canonical: String) -> Entry? {
        index(canonical: canonical).map { entries[$0] }
    }

    private func index(canonical: String) -> Int? {
        var url = Substring(canonical)
        var version: Substring?
        if let bar = url.firstIndex(of: "|") {
            version = url[url.index(after: bar)...]
            url = url[..<bar]
        }
        if let hash = url.firstIndex(of: "#") { url = url[..<hash] }
        guard let candidates = byURL[String(url)], !candidates.isEmpty else { return nil }
        if let version {
            return candidates.first { entries[$0].summary.version.map { $0 == version || $0.hasPrefix(version + ".") } ?? false }
        }
        if candidates.count == 1 { return candidates[0] }
        // Loose definitions outrank packages; otherwise the highest version.
        if let loose = candidates.first(where: { entries[$0].isLoose }) { return loose }
        return candidates.max { VersionOrder.less(entries[$0].summary.version ?? "", entries[$1].summary.version ?? "") }
    }

    /// The parsed resource for a canonical, or nil. O(1) after the first call.
    public func resource(canonical: String) -> Element? {
        guard let i = index(canonical: canonical) else { return nil }
        return element(at: i)
    }

    /// Every entry, in precedence order.
    public var allEntries: [Entry] { entries }

    /// This index's entries followed by another's (this one takes precedence).
    public func merged(with other: ConformanceIndex) -> ConformanceIndex {
        ConformanceIndex(entries: entries + other.entries, packages: packages + other.packages, loadIssues: loadIssues + other.loadIssues)
    }

    /// All entries of a resource type (`StructureDefinition`, `ValueSet`, ...). O(entries).
    public func entries(ofType resourceType: String) -> [Entry] {
        entries.filter { $0.summary.resourceType == resourceType }
    }

    /// The parsed resource of an entry returned by this index.
    public func resource(_ entry: Entry) -> Element? {
        if let element = entry.preloaded { return element }
        guard let url = entry.summary.url, let i = byURL[url]?.first(where: {
            entries[$0].summary.location == entry.summary.location && entries[$0].source === entry.source
        }) else { return load(entry) }
        return element(at: i)
    }

    private func element(at i: Int) -> Element? {
        if let preloaded = entries[i].preloaded { return preloaded }
        lock.lock()
        if let cached = parsed[i] { lock.unlock(); return cached }
        lock.unlock()
        guard let element = load(entries[i]) else { return nil }
        lock.lock()
        parsed[i] = element
        lock.unlock()
        return element
    }

    /// Marks a location inside a Bundle file: `path#entry:3` is the resource of its fourth entry.
    public static let entryMarker = "#entry:"

    /// The file a location names (without an entry marker).
    public static func file(of location: String) -> String {
        location.range(of: entryMarker).map { String(location[..<$0.lowerBound]) } ?? location
    }

    /// The bytes of the file holding an entry: from its source, or the file a loose definition was read from.
    public func bytes(_ entry: Entry) -> [UInt8]? {
        if let source = entry.source { return source.bytes(of: entry.summary.location) }
        return FileManager.default.contents(atPath: Self.file(of: entry.summary.location)).map { [UInt8]($0) }
    }

    private func load(_ entry: Entry) -> Element? {
        if let element = entry.preloaded { return element }
        guard let bytes = entry.source?.bytes(of: entry.summary.location), let root = ResourceParser.parse(bytes).root else { return nil }
        guard let marker = entry.summary.location.range(of: Self.entryMarker),
              let k = Int(entry.summary.location[marker.upperBound...]) else { return root }
        let entries = root.children(named: "entry")
        return k < entries.count ? entries[k].child("resource") : nil
    }
}
