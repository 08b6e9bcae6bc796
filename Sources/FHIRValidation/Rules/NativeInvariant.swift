import FHIRElements

/// R4 core invariants evaluated by native code instead of the FHIRPath evaluator, because they
/// run very often and their FHIRPath is costly to interpret. Each is matched by key and by its
/// published expression, so a profile that words a constraint differently keeps the evaluator.
/// The native check gives exactly the FHIRPath result (empty counts as passing), or no answer
/// where only the evaluator can give it.
enum NativeInvariant: Sendable {
    /// ref-1 on every Reference: a local reference (`#id`) names a resource contained in the
    /// root resource. FHIRPath: `reference.startsWith('#').not() or (reference.substring(1) in
    /// %rootResource.contained.id)`; without a reference, or for `#` alone, the result is empty.
    case localReferenceIsContained
    /// vs-1 on a vital sign's `effective[x]`: a dateTime is at least as precise as a day
    /// (`($this as dateTime).toString().length() >= 8`); a Period gives an empty result.
    case dateTimeIsAtLeastADay
    /// obs-7 on Observation: a component whose code is one of the Observation's codes leaves no
    /// room for a value (`value.empty() or component.code.where(coding.intersect(%resource.code.coding)
    /// .exists()).empty()`). Decided natively when there is no value or no component (nearly
    /// always); comparing codings is left to the evaluator.
    case valueOrComponentCodeDiffers

    private static let published: [String: (expression: String, check: NativeInvariant)] = [
        "ref-1": ("reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))",
                  .localReferenceIsContained),
        "vs-1": ("($this as dateTime).toString().length() >= 8", .dateTimeIsAtLeastADay),
        "obs-7": ("value.empty() or component.code.where(coding.intersect(%resource.code.coding).exists()).empty()",
                  .valueOrComponentCodeDiffers),
    ]

    /// The native check for a constraint, when its key and expression are the published ones.
    init?(key: String, expression: String) {
        guard let entry = Self.published[key], entry.expression == expression else { return nil }
        self = entry.check
    }

    /// True when the constraint holds on `element` (of FHIR type `type`), false when it fails,
    /// nil when the evaluator must answer; `rootResource` is FHIRPath's `%rootResource`.
    func holds(on element: Element, type: String, rootResource: @autoclosure () -> Element?) -> Bool? {
        switch self {
        case .localReferenceIsContained:
            // `#` alone (the container itself): substring(1) is empty, so is the comparison.
            guard let reference = element.childValueBytes("reference"), reference.count > 1, reference[0] == UInt8(ascii: "#") else { return true }
            let id = UnsafeBufferPointer(rebasing: reference[1...])
            return rootResource()?.children.contains { $0.hasName("contained") && $0.childValueBytes("id")?.isSameBytes(as: id) == true } ?? false
        case .dateTimeIsAtLeastADay:
            // A value that is no dateTime converts to nothing, and the comparison is then empty; one
            // of 8 characters or more holds either way, so only a shorter one is parsed. (Bytes are
            // counted: a dateTime is ASCII, and a text that is not is no dateTime.)
            guard type == "dateTime", let value = element.valueBytes, value.count < 8 else { return true }
            return !TemporalFormat.check(value, allowed: .dateTime)
        case .valueOrComponentCodeDiffers:
            let hasValue = element.children.contains { $0.hasTypedChoiceName(of: "value") }
            return !hasValue || element.child("component") == nil ? true : nil
        }
    }
}
