import FHIRElements

/// A relative `Reference.reference` must be `[ResourceType]/[id]` (optionally `/_history/[vid]`);
/// absolute URLs, `urn:` URIs and `#` fragments are checked elsewhere.
struct ReferenceFormatRule: TypeRule {
    let type = "Reference"

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        guard let reference = element.child("reference"), let bytes = reference.valueBytes else { return }
        // Read in place: a String is made only for a finding.
        if bytes.first == UInt8(ascii: "#") || bytes.first == UInt8(ascii: "?") || ElementWalker.isAbsolute(bytes: bytes) { return }
        if Self.isRelativeResourceReference(bytes: bytes, context: context) { return }
        sink.add(.error, .invalid, "reference.relative-format",
                 "Relative URLs must be of the format [ResourceName]/[id]. Encountered \(reference.value ?? "")",
                 "\(expression()).reference", reference.position)
    }

    /// `Type/id` or `Type/id/_history/vid` with a known resource type and valid ids. O(length).
    static func isRelativeResourceReference(_ value: String, context: RuleContext) -> Bool {
        // Read in place (every reference of every resource comes here, some twice).
        value.withUTF8Bytes { isRelativeResourceReference(bytes: $0, context: context) }
    }

    static func isRelativeResourceReference(bytes: UnsafeBufferPointer<UInt8>, context: RuleContext) -> Bool {
        // The slashes: at most 3 are of interest.
        var slashes = (0, 0, 0)
        var count = 0
        for i in bytes.indices where bytes[i] == UInt8(ascii: "/") {
            switch count {
            case 0: slashes.0 = i
            case 1: slashes.1 = i
            case 2: slashes.2 = i
            default: return false
            }
            count += 1
        }
        guard count == 1 || count == 3 else { return false }
        let id = UnsafeBufferPointer(rebasing: bytes[(slashes.0 + 1)..<(count == 3 ? slashes.1 : bytes.count)])
        guard PrimitiveFormat.isID(bytes: id),
              context.isResourceType(Substring(decoding: UnsafeBufferPointer(rebasing: bytes[..<slashes.0]), as: UTF8.self)) else { return false }
        guard count == 3 else { return true }
        return bytes[(slashes.1 + 1)..<slashes.2].elementsEqual("_history".utf8)
            && PrimitiveFormat.isID(bytes: UnsafeBufferPointer(rebasing: bytes[(slashes.2 + 1)...]))
    }
}
