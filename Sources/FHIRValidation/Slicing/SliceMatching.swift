import FHIRDefinitions
import FHIRElements

/// One instance item of a sliced element, as the walker met it.
struct SlicedItem {
    let element: Element
    /// The item's index in its list (nil for a single element): its path is derived again from
    /// the parent's when it is validated, after its siblings.
    let index: Int?
    let choice: CompiledType?
    /// The sliced element's position in its parent's `ChildTable`.
    let position: Int

    /// The item's path below its parent's (`Observation.component[1]`).
    func path(under parent: ExpressionPath) -> ExpressionPath { parent.child(named: element, index: index) }
}

extension ElementWalker {
    /// Assigns each item to the slice its discriminators select, validates it against that
    /// slice (an item no slice takes, against the sliced element), and checks each slice's
    /// cardinality and the slicing rules.
    mutating func validateSlices(_ items: [SlicedItem], of sliced: CompiledElement, slicing: CompiledSlicing,
                                 parent: Element, parentPath: ExpressionPath) {
        let plan = slicing.planCache.plan(for: slicing, store: store)
        // Rather than guess a slice (and report false cardinality errors), a slicing that cannot
        // be decided is not evaluated; nor is one whose references (for a final `resolve()`)
        // cannot all be typed. Its items are validated against the sliced element alone.
        guard plan.isDecidable, !plan.resolvesReferences || resolvesEveryReference(items, plan: plan) else {
            for item in items {
                validateElement(item.element, definition: sliced, choice: item.choice, path: item.path(under: parentPath))
            }
            return
        }
        // Per-slice counts live on the stack.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: plan.slices.count) { counts in
            counts.initialize(repeating: 0)
            assign(items, of: sliced, slicing: slicing, plan: plan, parentPath: parentPath, counts: counts)
            checkSliceCardinality(plan, counts: counts, parent: parent, parentPath: parentPath)
        }
    }

    /// Validates each item against the slice it matches (else the sliced element), counting the matches.
    private mutating func assign(_ items: [SlicedItem], of sliced: CompiledElement, slicing: CompiledSlicing, plan: SlicingPlan,
                                 parentPath: ExpressionPath, counts: UnsafeMutableBufferPointer<Int>) {
        for item in items {
            let path = item.path(under: parentPath)
            guard let index = matchingSlice(item, plan: plan) else {
                validateElement(item.element, definition: sliced, choice: item.choice, path: path)
                if slicing.rules == "closed" {
                    sink.add(.error, .invalid, "slicing.no-match",
                             "This element does not match any known slice defined in the profile \(sliced.source)",
                             path.text, item.element.position)
                }
                continue
            }
            counts[index] += 1
            validateElement(item.element, definition: plan.slices[index], choice: item.choice, path: path)
        }
    }

    /// The first slice whose every discriminator the item satisfies, or nil.
    private func matchingSlice(_ item: SlicedItem, plan: SlicingPlan) -> Int? {
        let width = plan.discriminators.count
        let element = ElementRef(item.element)  // the item holds it
        slices: for s in plan.slices.indices {
            for d in 0..<width where !plan.unretainedTests[s &* width &+ d]._withUnsafeGuaranteedRef({ matches(item, element, $0) }) {
                continue slices
            }
            return s
        }
        return nil
    }

    /// Reports slices matched fewer or more times than their cardinality allows.
    private mutating func checkSliceCardinality(_ plan: SlicingPlan, counts: UnsafeMutableBufferPointer<Int>,
                                                parent: Element, parentPath: ExpressionPath) {
        for (slice, count) in zip(plan.slices, counts) {
            var name: String { "\(slice.path):\(slice.sliceName ?? "")" }  // written only for a finding
            if count < slice.min {
                let message = count == 0
                    ? "Slice '\(name)': a matching slice is required, but not found (from \(slice.source))"
                    : "\(name): minimum required = \(slice.min), but only found \(count) (from \(slice.source))"
                sink.add(.error, .structure, "slicing.min", message, parentPath.text, parent.position)
            } else if count > slice.max {
                sink.add(.error, .structure, "slicing.max",
                         "\(name): max allowed = \(slice.max), but found \(count) (from \(slice.source))",
                         parentPath.text, parent.position)
            }
        }
    }

    /// True when every reference a `resolve()` discriminator reaches can be typed.
    private func resolvesEveryReference(_ items: [SlicedItem], plan: SlicingPlan) -> Bool {
        for discriminator in plan.discriminators where discriminator.path.endsInResolve {
            let ruleContext = context
            for item in items {
                for reference in discriminator.path.nodes(from: item.element) where Self.referenceTarget(reference, context: ruleContext).type == nil { return false }
            }
        }
        return true
    }

    /// True when the item satisfies one discriminator of a slice.
    private func matches(_ item: SlicedItem, _ element: ElementRef, _ test: SlicingPlan.Test) -> Bool {
        switch test.kind {
        case .value, .pattern:
            // A slice that does not constrain a discriminator's value accepts any value there.
            guard let expected = test.expected else { return true }
            let pattern = ElementRef(expected)  // the plan's test holds it for the call
            return test.path.anyNode(from: element) { FixedPatternRule.conforms($0, to: pattern, exact: false) }
        case .exists:
            guard let target = test.target else { return false }
            let present = test.path.anyNode(from: element) { _ in true }
            return target.max == 0 ? !present : (target.min > 0 ? present : true)
        case .type, .profile:
            return matchesByTypeOrProfile(item, test)
        case .unknown:
            return false
        }
    }

    /// True when the item satisfies a `type` or `profile` discriminator of a slice.
    private func matchesByTypeOrProfile(_ item: SlicedItem, _ test: SlicingPlan.Test) -> Bool {
        let path = test.path, target = test.target, slice = test.slice
        let nodes = path.nodes(from: item.element)
        switch test.kind {
        case .type where path.endsInResolve:
            let ruleContext = context
            let allowed = Set((target ?? slice).types.flatMap(\.targetProfiles).compactMap { ReferenceTargetRule.resourceType(ofProfile: $0, store: store) })
            return nodes.contains { node in Self.referenceTarget(node, context: ruleContext).type.map(allowed.contains) ?? false }
        case .type:
            return nodes.contains { node in
                let name = typeName(of: node, item: item, path: path)
                return test.typeNames.contains { $0.isSameName(as: name) }
            }
        case .profile where path.endsInResolve:
            let ruleContext = context
            let profiles = (target ?? slice).types.flatMap(\.targetProfiles)
            return nodes.contains { node in
                guard let resource = Self.referenceTarget(node, context: ruleContext).resource else { return false }
                return profiles.contains { conforms(resource, to: $0) }
            }
        case .profile:
            let profiles = (target ?? slice).types.flatMap { $0.profiles + $0.targetProfiles }
            return nodes.contains { node in profiles.contains { conforms(node, to: $0) } }
        default:
            return false
        }
    }

    /// The FHIR type of an instance node, capitalised as in choice names: its resource type,
    /// or the type its choice name states (`contentString` → `String`).
    private func typeName(of node: Element, item: SlicedItem, path: DiscriminatorPath) -> String {
        if let resourceType = node.resourceType { return resourceType }
        if node === item.element, let choice = item.choice { return choice.choiceSuffix }
        for case .name(let name) in path.steps.reversed() where DiscriminatorPath.isChoice(node.name, of: name) {
            return String(node.name.dropFirst(name.count))
        }
        return ""
    }

    /// True when a resource node validates without errors against a profile.
    func conforms(_ node: Element, to profile: String) -> Bool {
        settings.conforms(node, to: profile, resources: resourceStack, orderIsSignificant: orderIsSignificant)
    }

    /// What a Reference element points at: the contained or same-Bundle resource, else the type
    /// its relative or RESTful URL names (no resource).
    static func referenceTarget(_ reference: Element, context: RuleContext) -> (type: String?, resource: Element?) {
        guard let value = reference.childValue("reference") else { return (nil, nil) }
        if let resource = ReferenceTargetRule.resolve(value, context: context) { return (resource.resourceType, resource) }
        return (ReferenceTargetRule.impliedType(of: value, context: context), nil)
    }

    /// The element of a slice's subtree a discriminator path reaches, or nil.
    static func sliceNode(_ slice: CompiledElement, path: DiscriminatorPath, store: SchemaStore) -> CompiledElement? {
        var node = slice
        for step in path.steps {
            switch step {
            case .this, .resolve, .ofType:
                continue
            case .name(let name):
                let table = node.children ?? node.types.first.flatMap { store.structure(forType: $0.code)?.root.children }
                let choice = table?.ordered.first { ($0.isChoice && $0.choicePrefix == name) || DiscriminatorPath.isChoice($0.name, of: name) }
                guard let next = table?.lookup(name)?.element ?? choice else {
                    return nil
                }
                node = next
            case .extensionURL(let url):
                guard let slices = node.children?.lookup("extension")?.element.slicing?.slices,
                      let next = slices.last(where: { $0.types.contains { $0.profiles.contains(url) } }) else { return nil }
                node = next
            }
        }
        return node
    }

    /// A pattern built from the fixed and pattern values below an element (and in its required
    /// slices), for a value discriminator whose element states none itself: the R4 vital signs
    /// profiles discriminate `component` by `code`, fixing only `code.coding:X.system` and `.code`.
    static func synthesizedPattern(_ node: CompiledElement) -> Element? {
        if let value = node.fixed ?? node.pattern { return value }
        var children: [Element] = []
        for child in node.children?.ordered ?? [] {
            if let pattern = synthesizedPattern(child) { children.append(renamed(pattern, child.name)) }
            for slice in child.slicing?.slices ?? [] where slice.min > 0 {
                if let pattern = synthesizedPattern(slice) { children.append(renamed(pattern, child.name)) }
            }
        }
        guard !children.isEmpty else { return nil }
        return Element(name: node.name, children: children, position: SourcePosition(line: 0, column: 0))
    }

    private static func renamed(_ element: Element, _ name: String) -> Element {
        Element(name: name, value: element.value, children: Array(element.children), position: element.position)
    }

    /// Every element a discriminator path can reach in a slice's subtree, going through the
    /// element itself and through its required slices at each sliced step.
    static func sliceNodes(_ slice: CompiledElement, path: DiscriminatorPath, store: SchemaStore) -> [CompiledElement] {
        var current = [slice]
        for step in path.steps {
            guard case .name(let name) = step else {
                if case .extensionURL = step { return sliceNode(slice, path: path, store: store).map { [$0] } ?? [] }
                continue
            }
            var next: [CompiledElement] = []
            for node in current {
                let table = node.children ?? node.types.first.flatMap { store.structure(forType: $0.code)?.root.children }
                guard let child = table?.lookup(name)?.element
                        ?? table?.ordered.first(where: { ($0.isChoice && $0.choicePrefix == name) || DiscriminatorPath.isChoice($0.name, of: name) }) else { continue }
                next.append(child)
                next += (child.slicing?.slices ?? []).filter { $0.min > 0 }
            }
            current = next
        }
        return current
    }

    /// An extension slice named by its type profile is discriminated by `url` = that profile.
    static func implicitURL(_ slice: CompiledElement, path: DiscriminatorPath) -> Element? {
        guard path.steps == [.name("url")], let profile = slice.types.first?.profiles.first else { return nil }
        return Element(name: "url", value: profile, position: SourcePosition(line: 0, column: 0))
    }
}
