import FHIRElements

/// A relative `Reference.reference` must be `[ResourceType]/[id]` (optionally `/_history/[vid]`);
/// absolute URLs, `urn:` URIs and `#` fragments are checked elsewhere.
struct ReferenceFormatRule: TypeRule {
    let type = "Reference"

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        guard let reference = element.child("reference"), let value = reference.value else { return }
        if value.hasPrefix("#") || ElementWalker.isAbsolute(value) || value.hasPrefix("?") { return }
        if Self.isRelativeResourceReference(value, context: context) { return }
        sink.add(.error, .invalid, "reference.relative-format",
                 "Relative URLs must be of the format [ResourceName]/[id]. Encountered \(value)",
                 "\(expression()).reference", reference.position)
    }

    /// `Type/id` or `Type/id/_history/vid` with a known resource type and valid ids. O(length).
    static func isRelativeResourceReference(_ value: String, context: RuleContext) -> Bool {
        // The slashes, found on the UTF-8 bytes without allocating: at most 3 are of interest.
        let utf8 = value.utf8
        var slashes: (String.Index, String.Index, String.Index) = (utf8.startIndex, utf8.startIndex, utf8.startIndex)
        var count = 0
        var i = utf8.startIndex
        while i < utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                switch count {
                case 0: slashes.0 = i
                case 1: slashes.1 = i
                case 2: slashes.2 = i
                default: return false
                }
                count += 1
            }
            i = utf8.index(after: i)
        }
        guard count == 1 || count == 3 else { return false }
        let typeName = value[..<slashes.0]
        let id = value[utf8.index(after: slashes.0)..<(count == 3 ? slashes.1 : value.endIndex)]
        guard PrimitiveFormat.isID(id), context.isResourceType(typeName) else { return false }
        guard count == 3 else { return true }
        return value[utf8.index(after: slashes.1)..<slashes.2] == "_history"
            && PrimitiveFormat.isID(value[utf8.index(after: slashes.2)...])
    }
}
