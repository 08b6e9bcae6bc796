import FHIRElements

/// Bundle entry identity and, in documents and messages, reference resolution.
///
/// - every entry with a resource has an absolute `fullUrl`, except in transactions and batches;
/// - a RESTful `fullUrl` (`…/[type]/[id]`) agrees with the resource's type and id;
/// - `fullUrl` is unique unless versions differ (bdl-7; not in history bundles);
/// - in `document` Bundles every reference resolves to exactly one entry; in `message` Bundles
///   `MessageHeader.focus` must resolve (an error) and other references should (a warning, as the
///   HL7 validator reports a URN "not locally contained"): a message may point at resources the
///   receiver already holds, and the NHS's own EPS validation passes such messages.
struct BundleRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "Bundle" else { return }
        let index = BundleIndex(bundle: resource)
        var seen: [String: Int] = [:]
        for (entry, element) in zip(index.entries, resource.children(named: "entry")) {
            let entryExpression = "\(expression).entry[\(entry.index)]"
            guard let fullUrl = entry.fullUrl else {
                if entry.resource != nil && !["transaction", "batch", "transaction-response", "batch-response"].contains(index.type) {
                    sink.add(.error, .required, "bundle.fullurl-missing",
                             "Bundle entry missing fullUrl: except for transactions and batches, each entry in a Bundle must have a fullUrl which is the identity of the resource in the entry",
                             entryExpression, element.position)
                }
                continue
            }
            checkFullUrl(fullUrl, entry: entry, expression: entryExpression, element: element, context: context, sink: &sink)
            let version = entry.resource?.child("meta")?.childValue("versionId") ?? ""
            if index.type != "history", seen.updateValue(entry.index, forKey: fullUrl + "|" + version) != nil {
                sink.add(.error, .invariant, "bdl-7",
                         "Constraint failed: bdl-7: 'FullUrl must be unique in a bundle, or else entries with the same fullUrl must have different meta.versionId (except in history bundles)' (\(fullUrl))",
                         entryExpression, element.position)
            }
        }
        if index.type == "document" || index.type == "message" {
            for entry in index.entries {
                guard let target = entry.resource else { continue }
                resolveReferences(in: target, from: entry, index: index, mustResolve: index.type == "document",
                                  expression: "\(expression).entry[\(entry.index)].resource", context: context, sink: &sink)
            }
        }
    }

    private func checkFullUrl(_ fullUrl: String, entry: BundleIndex.Entry, expression: String, element: Element,
                              context: RuleContext, sink: inout IssueSink) {
        let position = element.child("fullUrl")?.position ?? element.position
        guard ElementWalker.isAbsolute(fullUrl) else {
            sink.add(.error, .invalid, "bundle.fullurl-relative",
                     "The fullUrl must be an absolute URL (not '\(fullUrl)')", "\(expression).fullUrl", position)
            return
        }
        guard let resource = entry.resource, let (type, id) = BundleIndex.restfulTail(fullUrl, context: context) else { return }
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

    private func resolveReferences(in element: Element, from source: BundleIndex.Entry, index: BundleIndex, mustResolve: Bool,
                                   expression: String, context: RuleContext, sink: inout IssueSink) {
        for child in element.children {
            if child.name == "contained" { continue }
            let mustResolve = mustResolve || (element.resourceType == "MessageHeader" && child.name == "focus")
            let childExpression = "\(expression).\(child.name)" + (child.shape == .arrayMember || child.arrayIndex > 0 ? "[\(child.arrayIndex)]" : "")
            if child.name == "reference", let value = child.value, !value.hasPrefix("#"),
               let candidates = index.resolve(value, from: source, context: context) {
                if candidates.isEmpty {
                    sink.add(mustResolve ? .error : .warning, .invalid, "bundle.reference-unresolved",
                             "Can't find '\(value)' in the bundle (\(expression))", expression, child.position)
                } else if candidates.count > 1 {
                    sink.add(.error, .invalid, "bundle.reference-ambiguous",
                             "Found \(candidates.count) matches for '\(value)' in the bundle (\(expression))", expression, child.position)
                }
            }
            if !child.children.isEmpty, child.resourceType == nil {
                resolveReferences(in: child, from: source, index: index, mustResolve: mustResolve,
                                  expression: childExpression, context: context, sink: &sink)
            }
        }
    }
}
