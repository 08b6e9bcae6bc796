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
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 || (parts.count == 4 && parts[2] == "_history") else { return false }
        guard context.isResourceType(parts[0]), PrimitiveFormat.isID(String(parts[1])) else { return false }
        return parts.count == 2 || PrimitiveFormat.isID(String(parts[3]))
    }
}
