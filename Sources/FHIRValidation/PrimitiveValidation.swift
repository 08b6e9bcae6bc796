import FHIRElements

extension ElementWalker {
    /// Validates a primitive element: JSON token kind, lexical form, and its id/extension children.
    /// `expression` is built only when there is a finding to report (most primitives have none).
    mutating func validatePrimitive(_ element: Element, type: PrimitiveType, expression: @autoclosure () -> String) {
        if type == .xhtml {
            NarrativeRules.check(element, expression: expression(), sink: &sink)
            return
        }
        if element.isComplex {
            sink.add(.error, .structure, "json.primitive-expected",
                     "The property \(element.name) must be a JSON \(type.jsonKind.rawValue), not an Object", expression(), element.position)
            return
        }
        if let value = element.value, !isProfilePass {  // a value's form does not depend on the profile
            if element.shape != .unspecified, let problem = tokenProblem(element, type: type) {
                sink.add(.error, .invalid, "json.wrong-token", problem, expression(), element.position)
            } else if let problem = PrimitiveFormat.problem(value, as: type) {
                sink.add(.error, .invalid, "primitive.format", problem, expression(), element.position)
            } else if type == .canonical, !value.hasPrefix("#"), !Self.isAbsolute(value) {
                // R4 references.html#canonical: a canonical is an absolute URL, or a fragment naming a contained resource.
                sink.add(.error, .invalid, "canonical.relative",
                         "Canonical URLs must be absolute URLs if they are not fragment references (\(value))", expression(), element.position)
            } else if type == .string, EmbeddedHTML.containsTags(value) {
                sink.add(.error, .security, "security.html-in-string",
                         "The string value contains text that looks like embedded HTML tags, which are not allowed for security reasons in this context",
                         expression(), element.position)
            }
        } else if element.value == nil, element.children.isEmpty {
            sink.add(.error, .invalid, "primitive.empty",
                     "Primitive types must have a value or must have child extensions", expression(), element.position)
        }
        if !element.children.isEmpty {
            validateChildren(of: element, table: store.structure(forType: "Element")?.root.children, path: ExpressionPath(expression()))
        }
    }

    private func tokenProblem(_ element: Element, type: PrimitiveType) -> String? {
        let expected = type.jsonKind
        let actual: PrimitiveType.JSONToken
        switch element.valueKind {
        case .string: actual = .string
        case .number: actual = .number
        case .boolean: actual = .boolean
        }
        guard actual != expected else { return nil }
        return "Error parsing JSON: the primitive value must be a \(expected.rawValue) (\(type.rawValue)), not a \(actual.rawValue) ('\(element.value ?? "")')"
    }
}
