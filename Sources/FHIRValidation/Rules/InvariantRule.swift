import FHIRElements
import FHIRPath
import FHIRTerminology

extension ElementWalker {
    /// Evaluates an element's invariants with the element as focus; a `false` result is an issue
    /// with the constraint's severity (best-practice ones per the options). An empty result, or
    /// an expression that fails at run time, does not fail the constraint.
    mutating func checkInvariants(_ element: Element, definition: CompiledElement, typeCode: String?, path: ExpressionPath,
                                  typeRoot: CompiledElement? = nil) {
        // A datatype's own invariants (per-1 on Period, qty-3 on Quantity) sit on its definition's root;
        // in a profile pass they, and the profile's copies of base constraints, were evaluated by the base pass.
        // Most elements have none: that is told before either list is loaded (and retained).
        let hasOwn = !(isProfilePass ? definition.profilePassInvariants.isEmpty : definition.invariants.isEmpty)
        let hasTypeInvariants = !isProfilePass && typeRoot.map { !$0.invariants.isEmpty } == true
        guard hasOwn || hasTypeInvariants, let model else { return }
        let own = isProfilePass ? definition.profilePassInvariants : definition.invariants
        let typeInvariants = hasTypeInvariants ? typeRoot?.invariants ?? [] : []
        // A resource held by an element typed `Resource` is of its own resource type.
        let type = element.resourceType ?? typeCode ?? ""
        // Most invariants are native checks or existence tests on the tree: the evaluator and the
        // element's FHIRPath node are made only when one of them needs the evaluator.
        var fallback: InvariantFallback?
        // The invariants are read borrowed (the definitions hold them), without a retain and release of each.
        own.withUnsafeBufferPointer { own in
            for slot in own.indices {
                Unmanaged.passUnretained(own[slot])._withUnsafeGuaranteedRef { invariant in
                    evaluate(invariant, on: element, definition: definition, type: type, typeCode: typeCode, model: model,
                             fallback: &fallback, path: path)
                }
            }
        }
        for invariant in typeInvariants where !own.contains(where: { $0.key == invariant.key }) {
            evaluate(invariant, on: element, definition: definition, type: type, typeCode: typeCode, model: model,
                     fallback: &fallback, path: path)
        }
    }

    /// The FHIRPath evaluator set on one element, for invariants the tree checks cannot answer.
    struct InvariantFallback {
        let evaluator: FHIRPathEvaluator
        let input: [FHIRPathValue]
    }

    /// Evaluates one invariant on an element and reports it when it fails.
    private mutating func evaluate(_ invariant: CompiledInvariant, on element: Element, definition: CompiledElement, type: String,
                                   typeCode: String?, model: FHIRPathModel, fallback: inout InvariantFallback?, path: ExpressionPath) {
        let severity: Issue.Severity
        // Best-practice advice (dom-6: have a narrative) is not given for contained
        // resources, whose narrative is the container's, as the HL7 validator does.
        if invariant.bestPractice && element.hasName("contained") { return }
        if invariant.bestPractice {
            switch bestPractice {
            case .ignore: return
            case .hint: severity = .information
            case .warning: severity = .warning
            case .error: severity = .error
            }
        } else {
            severity = invariant.severity == "error" ? .error : .warning
        }
        // Native checks and existence tests run on the tree directly; a path naming the element's
        // own type is the evaluator's.
        if let native = invariant.native, let holds = native.holds(on: element, type: type, rootResource: rootResource) {
            guard !holds else { return }
        } else if let predicate = invariant.predicate, !predicate.hasPath(startingWith: type) {
            guard !predicate.evaluate(on: element) else { return }
        } else {
            if fallback == nil {
                let node = FHIRPathValue.node(Node(element: element, type: type, path: Self.modelPath(definition, typeCode: typeCode, element: element)))
                var evaluator = invariantContext(model: model).evaluator
                evaluator.contextElement = node
                fallback = InvariantFallback(evaluator: evaluator, input: [node])
            }
            guard let fallback, let result = try? fallback.evaluator.evaluate(invariant.expression, input: fallback.input),
                  result.count == 1, case .boolean(false) = result[0].systemValue ?? result[0] else { return }
        }
        sink.add(severity, .invariant, invariant.key,
                 invariant.failureMessage, path.text, element.position)
    }

    /// `%rootResource`: the resource that holds a contained one; a Bundle entry is its own root. O(depth).
    private var rootResource: Element? { resourceStack.last(where: { !$0.hasName("contained") }) }

    /// The evaluator for invariants of the innermost resource being validated:
    /// built once per resource, then only `%context` changes from element to element.
    private mutating func invariantContext(model: FHIRPathModel) -> InvariantContextCache {
        let current = resourceStack.last
        if let cached = cachedInvariantContext, cached.resource === current, cached.depth == resourceStack.count { return cached }
        let resource = resourceStack.last.map(EvaluationContext.node(for:))
        var context = EvaluationContext(resource: resource, rootResource: rootResource.map(EvaluationContext.node(for:)), model: model)
        context.systemTypesMatchFHIRPrimitives = true
        context.checksMissingNames = false
        if let terminology {
            context.memberOf = { system, code, valueSet in
                switch terminology.membership(system: system, code: code, valueSet: valueSet) {
                case .member?: return true
                case .notMember?: return false
                case .unknown?, nil: return nil
                }
            }
        }
        let cache = InvariantContextCache(resource: current, depth: resourceStack.count, evaluator: FHIRPathEvaluator(context: context))
        cachedInvariantContext = cache
        return cache
    }

    /// Where an element's children are defined: inside its structure for backbone elements,
    /// else in its type's own definition.
    static func modelPath(_ definition: CompiledElement, typeCode: String?, element: Element) -> ModelPath? {
        if let resourceType = element.resourceType { return ModelPath(structure: resourceType, path: resourceType) }
        guard let typeCode, typeCode != "BackboneElement", typeCode != "Element" || definition.children != nil else {
            return ModelPath(structure: definition.pathRoot, path: definition.path)
        }
        return ModelPath(structure: typeCode, path: typeCode)
    }
}
