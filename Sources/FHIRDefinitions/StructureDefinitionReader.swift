import FHIRElements

/// Reads a StructureDefinition resource (element tree) into the definition model.
public enum StructureDefinitionReader {
    static let fhirTypeExtension = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"

    /// Reads the model, or nil when the resource is not a usable StructureDefinition. O(elements).
    public static func read(_ resource: Element) -> StructureDefinition? {
        guard resource.resourceType == "StructureDefinition",
              let url = resource.childValue("url"), let type = resource.childValue("type") else { return nil }
        return StructureDefinition(
            url: url, version: resource.childValue("version"), name: resource.childValue("name"),
            type: type, kind: resource.childValue("kind") ?? "resource",
            isAbstract: resource.childValue("abstract") == "true",
            derivation: resource.childValue("derivation"),
            baseDefinition: resource.childValue("baseDefinition"),
            snapshot: resource.child("snapshot").map(elements) ?? [],
            differential: resource.child("differential").map(elements) ?? [],
            contexts: resource.children(named: "context").compactMap { context in
                guard let type = context.childValue("type"), let expression = context.childValue("expression") else { return nil }
                return (type, expression)
            })
    }

    private static func elements(_ holder: Element) -> [ElementDefinition] {
        holder.children(named: "element").compactMap(element)
    }

    static func element(_ e: Element) -> ElementDefinition? {
        guard let path = e.childValue("path") else { return nil }
        var fixed: Element?
        var pattern: Element?
        var minValue: Element?
        var maxValue: Element?
        for child in e.children {
            if child.name.hasPrefix("fixed") { fixed = child }
            else if child.name.hasPrefix("pattern") { pattern = child }
            else if child.name.hasPrefix("minValue") { minValue = child }
            else if child.name.hasPrefix("maxValue") { maxValue = child }
        }
        let base = e.child("base")
        return ElementDefinition(
            id: e.childValue("id"), path: path, sliceName: e.childValue("sliceName"),
            min: e.childValue("min").flatMap { Int($0) }, max: e.childValue("max"),
            types: e.children(named: "type").compactMap(typeRef),
            contentReference: e.childValue("contentReference"),
            fixed: fixed, pattern: pattern,
            maxLength: e.childValue("maxLength").flatMap { Int($0) },
            minValue: minValue, maxValue: maxValue,
            binding: e.child("binding").flatMap { b in
                b.childValue("strength").map { ElementDefinition.Binding(strength: $0, valueSet: b.childValue("valueSet")) }
            },
            constraints: e.children(named: "constraint").compactMap { c in
                guard let key = c.childValue("key") else { return nil }
                let bestPractice = c.children(named: "extension").contains {
                    $0.childValue("url") == "http://hl7.org/fhir/StructureDefinition/elementdefinition-bestpractice" && $0.childValue("valueBoolean") == "true"
                }
                return ElementDefinition.Constraint(key: key, severity: c.childValue("severity") ?? "error",
                                                    human: c.childValue("human") ?? "", expression: c.childValue("expression"),
                                                    source: c.childValue("source"), bestPractice: bestPractice)
            },
            slicing: e.child("slicing").map { s in
                ElementDefinition.Slicing(
                    discriminators: s.children(named: "discriminator").compactMap { d in
                        guard let type = d.childValue("type"), let path = d.childValue("path") else { return nil }
                        return ElementDefinition.Discriminator(type: type, path: path)
                    },
                    ordered: s.childValue("ordered") == "true", rules: s.childValue("rules") ?? "open")
            },
            isModifier: e.childValue("isModifier") == "true",
            mustSupport: e.childValue("mustSupport") == "true",
            basePath: base?.childValue("path"), baseMax: base?.childValue("max"))
    }

    static func typeRef(_ t: Element) -> ElementDefinition.TypeRef? {
        guard var code = t.childValue("code") else { return nil }
        if code.hasPrefix("http://hl7.org/fhirpath/System.") {
            let declared = t.children(named: "extension").first { $0.childValue("url") == fhirTypeExtension }
            if let declared = declared?.children.first(where: { $0.name.hasPrefix("value") })?.value {
                code = declared
            } else {
                code = systemTypeName(String(code.dropFirst("http://hl7.org/fhirpath/System.".count)))
            }
        }
        return ElementDefinition.TypeRef(
            code: code, profiles: t.children(named: "profile").compactMap(\.value),
            targetProfiles: t.children(named: "targetProfile").compactMap(\.value),
            aggregation: t.children(named: "aggregation").compactMap(\.value))
    }

    private static func systemTypeName(_ system: String) -> String {
        switch system {
        case "String": return "string"
        case "Boolean": return "boolean"
        case "Integer": return "integer"
        case "Decimal": return "decimal"
        case "Date": return "date"
        case "DateTime": return "dateTime"
        case "Time": return "time"
        default: return system.lowercased()
        }
    }
}
