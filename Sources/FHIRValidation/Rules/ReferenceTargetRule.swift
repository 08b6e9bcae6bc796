import FHIRElements

/// A reference must point at a resource type its element allows (`Reference(Patient|Group)`),
/// and, when the target is at hand (contained, or in the same Bundle) and the element names
/// profiles, the target must conform to one of them.
struct ReferenceTargetRule: TypeRule {
    let type = "Reference"
    let dependsOnProfile = true

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        guard let referenceElement = element.child("reference"), let reference = referenceElement.value else { return }
        // A target profile that is not loaded (and not a core type's URL) leaves the allowed types unknown.
        let allowedTypes = declared.allowedTargetTypes(in: context.store)
        let target = Self.resolve(reference, context: context)
        let impliedType = target?.resourceType ?? Self.impliedType(of: reference, context: context)
        if let impliedType, !allowedTypes.isEmpty, !allowedTypes.contains("Resource"), !allowedTypes.contains(impliedType) {
            sink.add(.error, .structure, "reference.target-type",
                     "The type '\(impliedType)' implied by the reference URL \(reference) is not a valid Target for this element (must be one of [\(allowedTypes.joined(separator: ", "))])",
                     "\(expression()).reference", referenceElement.position)
            return
        }
        guard let target, let type = target.resourceType else { return }
        let profiles = declared.targetProfiles.filter { profile in
            guard let structure = context.store.structure(canonical: profile) else { return false }
            return structure.type == type && profile != "http://hl7.org/fhir/StructureDefinition/" + type
        }
        guard !profiles.isEmpty, !profiles.contains(where: { context.conforms(target, $0) }) else { return }
        sink.add(.error, .structure, "reference.target-profile",
                 "Unable to find a profile match for \(reference) among choices: \(profiles.joined(separator: ", "))",
                 "\(expression()).reference", referenceElement.position)
    }

    /// The resource type a target profile constrains: its loaded structure's type, else the type a
    /// core URL names (`…/StructureDefinition/Condition`); nil when neither is known.
    static func resourceType(ofProfile profile: String, store: SchemaStore) -> String? {
        let corePrefix = "http://hl7.org/fhir/StructureDefinition/"
        return store.structure(canonical: profile)?.type ?? (profile.hasPrefix(corePrefix) ? String(profile.dropFirst(corePrefix.count)) : nil)
    }

    /// The resource a reference points at, when it is contained or in the enclosing Bundle.
    static func resolve(_ reference: String, context: RuleContext) -> Element? {
        if reference.hasPrefix("#") {
            let id = String(reference.dropFirst())
            for resource in context.resources.reversed() {
                if let hit = resource.children(named: "contained").first(where: { $0.childValue("id") == id }) { return hit }
            }
            return nil
        }
        guard let bundle = context.bundle else { return nil }
        let source = context.resources.reversed().lazy.compactMap { bundle.entry(holding: $0) }.first
        guard let candidates = bundle.resolve(reference, from: source, context: context), candidates.count == 1 else { return nil }
        return candidates[0].resource
    }

    /// The resource type a literal reference names (`Group/1`, `http://x/fhir/Group/1`).
    static func impliedType(of reference: String, context: RuleContext) -> String? {
        let relativeType = reference.withUTF8Bytes { bytes -> String?? in
            guard ReferenceFormatRule.isRelativeResourceReference(bytes: bytes, context: context) else { return .none }
            return .some(bytes.firstIndex(of: UInt8(ascii: "/")).map { String(decoding: bytes[..<$0], as: UTF8.self) })
        }
        if let relativeType { return relativeType }
        return BundleIndex.restfulTail(reference, context: context)?.0
    }
}
