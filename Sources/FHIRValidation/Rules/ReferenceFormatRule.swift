import FHIRElements

/// A relative `Reference.reference` must be `[ResourceType]/[id]` (optionally `/_history/[vid]`);
/// absolute URLs, `urn:` URIs and `#` fragments are checked elsewhere.
struct ReferenceFormatRule: TypeRule {
    let type = "Reference"

    func check(_ element: Element, declared: CompiledType, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard let reference = element.child("reference"), let value = reference.value else { return }
        if value.hasPrefix("#") || ElementWalker.isAbsolute(value) || value.hasPrefix("?") { return }
        if Self.isRelativeResourceReference(value, context: context) { return }
        sink.add(.error, .invalid, "reference.relative-format",
                 "Relative URLs must be of the format [ResourceName]/[id]. Encountered \(value)",
                 "\(expression).reference", reference.position)
    }

    /// `Type/id` or `Type/id/_history/vid` with a known resource type and valid ids.
    static func isRelativeResourceReference(_ value: String, context: RuleContext) -> Bool {
        // Split at '/' without allocating: at most 4 parts are of interest. O(length).
        var slashes: [String.Index] = []
        slashes.reserveCapacity(4)
        var i = value.startIndex
        while i < value.endIndex {
            if value.utf8[i] == UInt8(ascii: "/") {
                slashes.append(i)
                if slashes.count > 3 { return false }
            }
            i = value.utf8.index(after: i)
        }
        guard slashes.count == 1 || slashes.count == 3 else { return false }
        let typeName = value[..<slashes[0]]
        let id = value[value.index(after: slashes[0])..<(slashes.count == 3 ? slashes[1] : value.endIndex)]
        guard context.isResourceType(typeName), PrimitiveFormat.isID(String(id)) else { return false }
        guard slashes.count == 3 else { return true }
        return value[value.index(after: slashes[1])..<slashes[2]] == "_history"
            && PrimitiveFormat.isID(String(value[value.index(after: slashes[2])...]))
    }
}
