import FHIRElements
import FHIRPath

/// A rule an NHS England API documents and enforces that its published profiles do not state
/// (EPS: "MedicationRequest.intent must be order, original-order or instance-order").
///
/// Declared in the API's manifest (`rules`), each with the document it comes from; the FHIRPath
/// is parsed once when the validator is built and evaluated on every resource of its type
/// (the root, Bundle entries, contained ones). A `false` result is an issue with the rule's
/// severity; an empty result or a run-time error does not fail it, as for invariants.
public struct ApiBusinessRule: Decodable, Sendable {
    public var key: String
    /// The resource type the rule applies to.
    public var resourceType: String
    /// A FHIRPath expression evaluated with the resource as focus.
    public var expression: String
    public var human: String
    /// `error` or `warning`.
    public var severity: String
    /// Where the API states the rule (a specification page or a published error response).
    public var source: String
    /// The child element the rule is about (`intent`), which issues point at when present.
    public var element: String?

    public init(key: String, resourceType: String, expression: String, human: String, severity: String, source: String, element: String? = nil) {
        self.key = key
        self.resourceType = resourceType
        self.expression = expression
        self.human = human
        self.severity = severity
        self.source = source
        self.element = element
    }
}

/// An API's business rules with their FHIRPath parsed, by resource type.
public struct ApiRuleSet: Sendable {
    struct Compiled: Sendable {
        let rule: ApiBusinessRule
        let expression: FHIRPathExpression
    }

    let byType: [String: [Compiled]]

    /// No rules.
    public init() { byType = [:] }

    /// Parses every rule's expression once.
    /// - Throws: `OperationalError` naming the manifest and the rule whose FHIRPath does not parse.
    public init(_ rules: [ApiBusinessRule], manifest path: String) throws(OperationalError) {
        var byType: [String: [Compiled]] = [:]
        for rule in rules {
            do {
                byType[rule.resourceType, default: []].append(Compiled(rule: rule, expression: try FHIRPathParser.parse(rule.expression)))
            } catch {
                throw OperationalError(.invalidManifest, path: path, "rule \(rule.key): its expression is not valid FHIRPath: \(error)")
            }
        }
        self.byType = byType
    }

    public var isEmpty: Bool { byType.isEmpty }
}

/// Evaluates an API's business rules on every resource of their types.
struct ApiBusinessRuleCheck: ResourceRule {
    let rules: ApiRuleSet
    let model: FHIRPathModel

    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard let type = resource.resourceType, let compiled = rules.byType[type] else { return }
        let node = EvaluationContext.node(for: resource)
        let evaluator = FHIRPathEvaluator(context: EvaluationContext(resource: node, model: model))
        for item in compiled {
            guard let result = try? evaluator.evaluate(item.expression, input: [node]),
                  result.count == 1, case .boolean(false) = result[0].systemValue ?? result[0] else { continue }
            let target = item.rule.element.flatMap { name in resource.child(name).map { (name, $0) } }
            sink.add(item.rule.severity == "error" ? .error : .warning, .businessRule, item.rule.key,
                     "\(item.rule.human) (API rule \(item.rule.key), from \(item.rule.source))",
                     target.map { "\(expression).\($0.0)" } ?? expression, target?.1.position ?? resource.position)
        }
    }
}
