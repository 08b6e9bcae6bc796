import FHIRElements

/// Bundle entry identity and, in documents and messages, reference resolution.
///
/// - every entry with a resource has an absolute `fullUrl`, except in transactions and batches;
/// - a RESTful `fullUrl` (`…/[type]/[id]`) agrees with the resource's type and id;
/// - `fullUrl` is unique unless versions differ (bdl-7; not in history bundles);
/// - in `document` and `message` Bundles every reference resolves to exactly one entry.
struct BundleRule: ResourceRule {
    private struct Entry {
        var index: Int
        var fullUrl: String?
        var resource: Element?
    }

    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "Bundle" else { return }
        let type = resource.childValue("type") ?? ""
        let entries = resource.children(named: "entry").enumerated().map { i, entry in
            Entry(index: i, fullUrl: entry.childValue("fullUrl"), resource: entry.child("resource"))
        }
        var seen: [String: Int] = [:]
        for (entry, element) in zip(entries, resource.children(named: "entry")) {
            let entryExpression = "\(expression).entry[\(entry.index)]"
            guard let fullUrl = entry.fullUrl else {
                if entry.resource != nil && !["transaction", "batch", "transaction-response", "batch-response"].contains(type) {
                    sink.add(.error, .required, "bundle.fullurl-missing",
                             "Bundle entry missing fullUrl: except for transactions and batches, each entry in a Bundle must have a fullUrl which is the identity of the resource in the entry",
                             entryExpression, element.position)
                }
                continue
            }
            checkFullUrl(fullUrl, entry: entry, expression: entryExpression, element: element, context: context, sink: &sink)
            let version = entry.resource?.child("meta")?.childValue("versionId") ?? ""
            if type != "history", seen.updateValue(entry.index, forKey: fullUrl + "|" + version) != nil {
                sink.add(.error, .invariant, "bdl-7",
                         "Constraint failed: bdl-7: 'FullUrl must be unique in a bundle, or else entries with the same fullUrl must have different meta.versionId (except in history bundles)' (\(fullUrl))",
                         entryExpression, element.position)
            }
        }
        if type == "document" || type == "message" {
            for entry in entries {
                guard let target = entry.resource else { continue }
                resolveReferences(in: target, from: entry, entries: entries,
                                  expression: "\(expression).entry[\(entry.index)].resource", context: context, sink: &sink)
            }
        }
    }

    private func checkFullUrl(_ fullUrl: String, entry: Entry, expression: String, element: Element,
                              context: RuleContext, sink: inout IssueSink) {
        let position = element.child("fullUrl")?.position ?? element.position
        guard ElementWalker.isAbsolute(fullUrl) else {
            sink.add(.error, .invalid, "bundle.fullurl-relative",
                     "The fullUrl must be an absolute URL (not '\(fullUrl)')", "\(expression).fullUrl", position)
            return
        }
        guard let resource = entry.resource, let (type, id) = Self.restfulTail(fullUrl, context: context) else { return }
        guard let resourceID = resource.childValue("id") else {
            sink.add(.error, .invalid, "bundle.fullurl-no-id",
                     "The fullUrl '\(fullUrl)' looks like a RESTful server URL, but the resource has no id", "\(expression).fullUrl", position)
            return
        }
        if type != resource.resourceType || id != resourceID {
            sink.add(.error, .invalid, "bundle.fullurl-mismatch",
                     "The fullUrl '\(fullUrl)' looks like a RESTful server URL, so it must end with the correct type and id (/\(resource.resourceType ?? "")/\(resourceID))",
                     "\(expression).fullUrl", position)
        }
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

    private func resolveReferences(in element: Element, from source: Entry, entries: [Entry], expression: String,
                                   context: RuleContext, sink: inout IssueSink) {
        for child in element.children {
            if child.name == "contained" { continue }
            let childExpression = "\(expression).\(child.name)" + (child.shape == .arrayMember || child.arrayIndex > 0 ? "[\(child.arrayIndex)]" : "")
            if child.name == "reference", let value = child.value, !value.hasPrefix("#") {
                resolve(value, from: source, entries: entries, expression: expression, element: child, context: context, sink: &sink)
            }
            if !child.children.isEmpty, child.resourceType == nil {
                resolveReferences(in: child, from: source, entries: entries, expression: childExpression, context: context, sink: &sink)
            }
        }
    }

    private func resolve(_ reference: String, from source: Entry, entries: [Entry], expression: String, element: Element,
                         context: RuleContext, sink: inout IssueSink) {
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
            if let fullUrl = source.fullUrl, let (type, id) = Self.restfulTail(fullUrl, context: context),
               let suffix = fullUrl.range(of: "\(type)/\(id)", options: .backwards) {
                let base = fullUrl[..<suffix.lowerBound]
                candidates = entries.filter { $0.fullUrl.map(Self.withoutHistory) == base + target }
            } else {
                candidates = entries.filter { $0.fullUrl.map(Self.withoutHistory)?.hasSuffix("/" + target) ?? false }
            }
        } else {
            return  // malformed: reported by ReferenceFormatRule
        }
        if let version {
            candidates = candidates.filter { $0.resource?.child("meta")?.childValue("versionId") == version }
        }
        if candidates.isEmpty {
            sink.add(.error, .invalid, "bundle.reference-unresolved",
                     "Can't find '\(reference)' in the bundle (\(expression))", expression, element.position)
        } else if candidates.count > 1 {
            sink.add(.error, .invalid, "bundle.reference-ambiguous",
                     "Found \(candidates.count) matches for '\(reference)' in the bundle (\(expression))", expression, element.position)
        }
    }

    private static func withoutHistory(_ url: String) -> String {
        guard let history = url.range(of: "/_history/") else { return url }
        return String(url[..<history.lowerBound])
    }
}
