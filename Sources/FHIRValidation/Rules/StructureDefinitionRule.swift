import FHIRDefinitions
import FHIRElements

/// Checks a StructureDefinition instance's own coherence (R4 StructureDefinition.type and sdf rules):
/// - a `type` without a namespace must be a type the FHIR specification (the loaded definitions)
///   defines; other types are absolute URLs (logical models);
/// - a specialization defines a new type: its `type` differs from its base's;
/// - every element path starts with the type's name (the last segment of a URL type);
/// - a constraint's differential names choice elements only by an allowed type
///   (`Observation.valueQuantity`, not `Observation.valueBla`).
struct StructureDefinitionRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "StructureDefinition", let typeElement = resource.child("type"), let type = typeElement.value else { return }
        let definitions = context.store.definitions
        let isAbsolute = ElementWalker.isAbsolute(type)
        if !isAbsolute, definitions.structureDefinition(forType: type) == nil {
            sink.add(.error, .invalid, "structuredefinition.type-not-legal",
                     "The type \(type) is not legal because it is not defined in the FHIR specification. Other types must have a namespace on them",
                     "\(expression).type", typeElement.position)
        }
        let base = resource.childValue("baseDefinition").flatMap { definitions.structureDefinition(canonical: $0) }
        let derivation = resource.childValue("derivation")
        if derivation == "specialization", let base, base.type == type {
            sink.add(.error, .invalid, "structuredefinition.specialization-same-type",
                     "The type \(type) must not be the same as the type in the base structure \(base.url) that is being specialised",
                     expression, resource.position)
        }
        let typeName = isAbsolute ? String(type.split(separator: "/").last ?? Substring(type)) : type
        for part in ["differential", "snapshot"] {
            for (i, element) in (resource.child(part)?.children(named: "element") ?? []).enumerated() {
                guard let path = element.childValue("path") else { continue }
                let at = "\(expression).\(part).element[\(i)]"
                if path != typeName && !path.hasPrefix(typeName + ".") {
                    sink.add(.error, .invalid, "structuredefinition.path-not-of-type",
                             "The path \(path) must start with the type of the structure \(typeName)", at, element.position)
                } else if part == "differential", derivation == "constraint", let base, let choice = Self.invalidChoiceName(path, base: base.snapshot) {
                    sink.add(.error, .invalid, "structuredefinition.choice-path",
                             "The path must be '\(choice)' not '\(path)' when the type list is not constrained", at, element.position)
                }
            }
        }
    }

    /// For a path the base does not define that renames one of its choices (`value[x]`) with a
    /// type the choice does not allow, the choice's path. O(base elements).
    static func invalidChoiceName(_ path: String, base: [ElementDefinition]) -> String? {
        guard let dot = path.lastIndex(of: "."), !base.contains(where: { $0.path == path }) else { return nil }
        let parent = path[..<dot]
        let name = path[path.index(after: dot)...]
        for element in base where element.path.hasSuffix("[x]") && element.path.hasPrefix(parent + ".") {
            let prefix = element.path.dropFirst(parent.count + 1).dropLast(3)
            guard !prefix.contains("."), name.hasPrefix(prefix), name.count > prefix.count else { continue }
            let suffix = name.dropFirst(prefix.count)
            let allowed = element.types.contains { $0.code.prefix(1).uppercased() + $0.code.dropFirst() == suffix }
            return allowed ? nil : element.path
        }
        return nil
    }
}
