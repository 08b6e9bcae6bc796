import FHIRElements

/// Bundle links and search results:
/// - the paging link relations (`self`, `first`, `previous`, `prev`, `next`, `last`) occur at most once;
/// - in a `searchset`, an entry with `search.mode` = `outcome` is an OperationOutcome; a `match`
///   entry has a resource id and, when the `self` link names the searched types (its path or
///   `_type`), is one of them.
struct BundleSearchRule: ResourceRule {
    static let singleRelations: Set<String> = ["self", "first", "previous", "prev", "next", "last"]

    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "Bundle" else { return }
        var seen = Set<String>()
        var selfURL: String?
        for (i, link) in resource.children(named: "link").enumerated() {
            guard let relation = link.childValue("relation") else { continue }
            if relation == "self" { selfURL = selfURL ?? link.childValue("url") }
            if Self.singleRelations.contains(relation), !seen.insert(relation).inserted {
                sink.add(.error, .invalid, "bundle.link-repeated", "The link relationship type '\(relation)' can only occur once",
                         "\(expression).link[\(i)]", link.position)
            }
        }
        guard resource.childValue("type") == "searchset" else { return }
        let searched = selfURL.map { Self.searchedTypes($0, context: context) } ?? []
        for (i, entry) in resource.children(named: "entry").enumerated() {
            guard let target = entry.child("resource"), let type = target.resourceType else { continue }
            let at = "\(expression).entry[\(i)].resource"
            switch entry.child("search")?.childValue("mode") {
            case "outcome":
                if type != "OperationOutcome" {
                    sink.add(.error, .invalid, "bundle.search-outcome", "This is not an OperationOutcome (\(type))", at, target.position)
                }
            case "match":
                if target.childValue("id") == nil {
                    sink.add(.error, .required, "bundle.search-id", "Search results must have ids", at, target.position)
                }
                if !searched.isEmpty, !searched.contains(type) {
                    sink.add(.error, .invalid, "bundle.search-type",
                             "This is not a matching resource type for the specified search (\(type) expecting \(searched.sorted().joined(separator: ", ")))",
                             at, target.position)
                }
            default:
                break
            }
        }
    }

    /// The resource types a search URL asks for: its last path segment when that is a type, and `_type`.
    static func searchedTypes(_ url: String, context: RuleContext) -> Set<String> {
        let parts = url.split(separator: "?", maxSplits: 1)
        var types = Set<String>()
        if let last = parts.first?.split(separator: "/").last, context.isResourceType(last) { types.insert(String(last)) }
        if parts.count > 1 {
            for parameter in parts[1].split(separator: "&") where parameter.hasPrefix("_type=") {
                for type in parameter.dropFirst(6).split(separator: ",") where context.isResourceType(type) { types.insert(String(type)) }
            }
        }
        return types
    }
}
