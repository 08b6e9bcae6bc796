import FHIRElements

extension ElementWalker {
    /// Validates a primitive element: JSON token kind, lexical form, and its id/extension children.
    /// `expression` is built only when there is a finding to report (most primitives have none).
    mutating func validatePrimitive(_ element: Element, type: PrimitiveType, expression: @autoclosure () -> String) {
        if type == .xhtml {
            NarrativeRules.check(element, expression: expression(), sink: &sink)
            return
        }
        // A value's form does not depend on the profile: a profile pass checks only the shape.
        if !isProfilePass || element.isComplex || !element.hasValue, let finding = Self.primitiveFinding(element, type: type) {
            sink.add(finding.severity, finding.code, finding.messageID, finding.message, expression(), element.position)
        }
        if !element.isComplex, !element.children.isEmpty {
            let table = store.structure(forType: "Element")?.root.children
            ExpressionPath.withRoot(expression()) { validateChildren(of: element, table: table, path: $0) }
        }
    }

    /// What is wrong with a primitive element itself (not xhtml): an object where a value belongs,
    /// a value of the wrong JSON token or form, or neither value nor extensions. Its expression
    /// is written by the caller, only for a finding. O(value length).
    static func primitiveFinding(_ element: Element, type: PrimitiveType) -> PrimitiveFinding? {
        if element.isComplex {
            return PrimitiveFinding(.error, .structure, "json.primitive-expected",
                                    "The property \(element.name) must be a JSON \(type.jsonKind.rawValue), not an Object")
        }
        guard let bytes = element.valueBytes else {
            guard element.children.isEmpty else { return nil }
            return PrimitiveFinding(.error, .invalid, "primitive.empty", "Primitive types must have a value or must have child extensions")
        }
        if element.shape != .unspecified, let problem = tokenProblem(element, type: type) {
            return PrimitiveFinding(.error, .invalid, "json.wrong-token", problem)
        }
        // Most values are decided on their bytes in place; the rest are read as text.
        if PrimitiveFormat.isPlainlyValid(bytes, as: type) { return nil }
        let value = String(decoding: bytes, as: UTF8.self)
        if let problem = PrimitiveFormat.problem(value, as: type) {
            return PrimitiveFinding(.error, .invalid, "primitive.format", problem)
        } else if type == .canonical, !value.hasPrefix("#"), !isAbsolute(value) {
            // R4 references.html#canonical: a canonical is an absolute URL, or a fragment naming a contained resource.
            return PrimitiveFinding(.error, .invalid, "canonical.relative",
                                    "Canonical URLs must be absolute URLs if they are not fragment references (\(value))")
        } else if type == .string, EmbeddedHTML.containsTags(value) {
            return PrimitiveFinding(.error, .security, "security.html-in-string",
                                    "The string value contains text that looks like embedded HTML tags, which are not allowed for security reasons in this context")
        }
        return nil
    }

    private static func tokenProblem(_ element: Element, type: PrimitiveType) -> String? {
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

/// One finding about a primitive element, before its expression is known.
struct PrimitiveFinding {
    let severity: Issue.Severity
    let code: IssueCode
    let messageID: String
    let message: String

    init(_ severity: Issue.Severity, _ code: IssueCode, _ messageID: String, _ message: String) {
        self.severity = severity
        self.code = code
        self.messageID = messageID
        self.message = message
    }
}
