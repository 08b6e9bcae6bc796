import FHIRElements

/// A CodeSystem's property definitions and the concept properties that use them.
///
/// `CodeSystem.property.code` is what `concept.property.code` refers to, so codes (and URIs)
/// are unique; `property.type` fixes the type of every value. A property whose URI is one of
/// HL7's concept properties (`http://hl7.org/fhir/concept-properties#…`) has that property's
/// code and type. A concept property's `value[x]` must have its property's declared type; a
/// code no property defines is a warning.
struct CodeSystemPropertyRule: ResourceRule {
    static let conceptProperties = "http://hl7.org/fhir/concept-properties#"
    /// HL7's concept properties and their types (R4's list and the later additions).
    static let knownTypes: [String: String] = [
        "inactive": "boolean", "deprecated": "dateTime", "notSelectable": "boolean", "parent": "code", "child": "code",
        "status": "code", "effectiveDate": "dateTime", "deprecationDate": "dateTime", "retirementDate": "dateTime",
        "partOf": "code", "synonym": "code", "comment": "string", "itemWeight": "decimal",
    ]

    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "CodeSystem" else { return }
        var declared: [String: String] = [:]
        var uris = Set<String>()
        for (i, property) in resource.children(named: "property").enumerated() {
            let at = "\(expression).property[\(i)]"
            guard let code = property.childValue("code") else { continue }
            let type = property.childValue("type")
            if declared[code] != nil {
                sink.add(.error, .businessRule, "codesystem.property-duplicate-code",
                         "A property is already defined with the code '\(code)'", at, property.position)
            } else if let type {
                declared[code] = type
            }
            guard let uri = property.childValue("uri") else {
                if Self.knownTypes[code] != nil {
                    sink.add(.warning, .businessRule, "codesystem.property-known-code-without-uri",
                             "The property '\(code)' has the code of an HL7 concept property but no uri (\(Self.conceptProperties)\(code))", at, property.position)
                }
                continue
            }
            if !uris.insert(uri).inserted {
                sink.add(.error, .businessRule, "codesystem.property-duplicate-uri",
                         "A property is already defined with the URI '\(uri)'", at, property.position)
            }
            guard uri.hasPrefix(Self.conceptProperties) else { continue }
            let known = String(uri.dropFirst(Self.conceptProperties.count))
            if let expected = Self.knownTypes[known], let type, type != expected {
                sink.add(.error, .businessRule, "codesystem.property-wrong-type",
                         "The property '\(uri)' has the type \(expected), not \(type)", at, property.position)
            }
            if code != known, Self.knownTypes[code] != nil {
                sink.add(.error, .businessRule, "codesystem.property-uri-code-mismatch",
                         "The property code '\(code)' is the code of a different HL7 concept property than its uri '\(uri)'", at, property.position)
            }
        }
        checkConcepts(resource.children(named: "concept"), declared: declared, expression: "\(expression).concept", sink: &sink)
    }

    private func checkConcepts(_ concepts: [Element], declared: [String: String], expression: String, sink: inout IssueSink) {
        for (c, concept) in concepts.enumerated() {
            let conceptExpression = "\(expression)[\(c)]"
            for (p, property) in concept.children(named: "property").enumerated() {
                guard let code = property.childValue("code") else { continue }
                let at = "\(conceptExpression).property[\(p)]"
                guard let type = declared[code] else {
                    sink.add(.warning, .businessRule, "codesystem.concept-property-undefined",
                             "The property '\(code)' is not defined by the CodeSystem", at, property.position)
                    continue
                }
                guard let value = property.children.first(where: { $0.name.hasPrefix("value") }) else { continue }
                let valueType = String(value.name.dropFirst(5))
                if valueType.lowercased() != type.lowercased() {
                    sink.add(.error, .businessRule, "codesystem.concept-property-wrong-type",
                             "The value of property '\(code)' must be of type \(type), not \(valueType.prefix(1).lowercased() + valueType.dropFirst())",
                             "\(at).value", value.position)
                }
            }
            checkConcepts(concept.children(named: "concept"), declared: declared, expression: "\(conceptExpression).concept", sink: &sink)
        }
    }
}
