import FHIRElements

/// The entries of a Bundle by identity, for resolving references between them.
///
/// Resolution follows http://hl7.org/fhir/R4/bundle.html#references: an absolute reference
/// matches a `fullUrl`; a relative `[type]/[id]` is resolved against the base of the
/// referring entry's RESTful `fullUrl`, or, when that entry has none, against any entry
/// whose `fullUrl` ends with it. `/_history/[vid]` selects by `meta.versionId`.
struct BundleIndex {
    struct Entry {
        var index: Int
        var fullUrl: String?
        var resource: Element?
    }

    let type: String
    let entries: [Entry]

    init(bundle: Element) {
        type = bundle.childValue("type") ?? ""
        entries = bundle.children(named: "entry").enumerated().map { i, entry in
            Entry(index: i, fullUrl: entry.childValue("fullUrl"), resource: entry.child("resource"))
        }
    }

    /// The entry holding a resource node (by identity). O(entries).
    func entry(holding resource: Element) -> Entry? {
        entries.first { $0.resource === resource }
    }

    /// The entries a reference resolves to (none, one, or — an error — several), or nil when
    /// the reference is not of a form that resolves inside a Bundle. O(entries).
    func resolve(_ reference: String, from source: Entry?, context: RuleContext) -> [Entry]? {
        var target = reference
        var version: String?
        if let history = target.range(of: "/_history/") {
            version = String(target[history.upperBound...])
            target = String(target[..<history.lowerBound])
        }
        var candidates: [Entry]
        if ElementWalker.isAbsolute(target) {
            candidates = entries.filter { $0.fullUrl.map(Self.withoutHistory) == target }
        } else if ReferenceFormatRule.isRelativeResourceReference(target, context: context) {
            if let fullUrl = source?.fullUrl, let (type, id) = Self.restfulTail(fullUrl, context: context),
               let suffix = fullUrl.range(of: "\(type)/\(id)", options: .backwards) {
                let base = fullUrl[..<suffix.lowerBound]
                candidates = entries.filter { $0.fullUrl.map(Self.withoutHistory) == base + target }
            } else {
                candidates = entries.filter { $0.fullUrl.map(Self.withoutHistory)?.hasSuffix("/" + target) ?? false }
            }
        } else {
            return nil
        }
        if let version {
            candidates = candidates.filter { $0.resource?.child("meta")?.childValue("versionId") == version }
        }
        return candidates
    }

    /// `(type, id)` when a URL ends `…/[ResourceType]/[id]` (ignoring `/_history/[vid]`).
    static func restfulTail(_ url: String, context: RuleContext) -> (String, String)? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return nil }
        var parts = url.split(separator: "/")
        if parts.count >= 2, parts[parts.count - 2] == "_history" { parts.removeLast(2) }
        guard parts.count >= 4 else { return nil }
        let type = parts[parts.count - 2]
        guard context.isResourceType(type) else { return nil }
        return (String(type), String(parts[parts.count - 1]))
    }

    static func withoutHistory(_ url: String) -> String {
        guard let history = url.range(of: "/_history/") else { return url }
        return String(url[..<history.lowerBound])
    }
}
