import FHIRDefinitions
import FHIRElements

/// One instance item of a sliced element, as the walker met it.
struct SlicedItem {
    let element: Element
    let expression: String
    let choice: CompiledType?
}

extension ElementWalker {
    /// Assigns each item to the slice its discriminators select, validates it against that
    /// slice, and checks each slice's cardinality and the slicing rules.
    mutating func validateSlices(_ items: [SlicedItem], of sliced: CompiledElement, slicing: CompiledSlicing,
                                 parent: Element, parentExpression: String) {
        // A discriminator that needs resolve() cannot be decided here: rather than guess a
        // slice (and report false cardinality errors), the slicing is not evaluated.
        guard slicing.discriminators.allSatisfy({ DiscriminatorPath($0.path).isResolvable }) else { return }
        // Likewise when a value discriminator's path cannot be followed in some slice's definition.
        for slice in slicing.slices where !(slice.sliceName?.contains("/") ?? false) {
            for discriminator in slicing.discriminators where ["value", "pattern", "exists"].contains(discriminator.type) {
                let path = DiscriminatorPath(discriminator.path)
                if Self.sliceNode(slice, path: path, store: store) == nil && Self.implicitURL(slice, path: path) == nil { return }
            }
        }
        // Re-slices (`actionType/Single`) refine a slice; they are read for discriminator values
        // but not matched on their own here.
        let slices = slicing.slices.filter { !($0.sliceName?.contains("/") ?? false) }
        var counts = [Int](repeating: 0, count: slices.count)
        for item in items {
            guard let index = slices.firstIndex(where: { slice in
                slicing.discriminators.allSatisfy { matches(item, slice: slice, discriminator: $0) }
            }) else {
                if slicing.rules == "closed" {
                    sink.add(.error, .invalid, "slicing.no-match",
                             "This element does not match any known slice defined in the profile \(sliced.source)",
                             item.expression, item.element.position)
                }
                continue
            }
            counts[index] += 1
            validateElement(item.element, definition: slices[index], choice: item.choice, expression: item.expression)
        }
        for (slice, count) in zip(slices, counts) {
            let name = "\(slice.path):\(slice.sliceName ?? "")"
            if count < slice.min {
                let message = count == 0
                    ? "Slice '\(name)': a matching slice is required, but not found (from \(slice.source))"
                    : "\(name): minimum required = \(slice.min), but only found \(count) (from \(slice.source))"
                sink.add(.error, .structure, "slicing.min", message, parentExpression, parent.position)
            } else if count > slice.max {
                sink.add(.error, .structure, "slicing.max",
                         "\(name): max allowed = \(slice.max), but found \(count) (from \(slice.source))",
                         parentExpression, parent.position)
            }
        }
    }

    /// True when the item satisfies one discriminator of a slice.
    private func matches(_ item: SlicedItem, slice: CompiledElement, discriminator: ElementDefinition.Discriminator) -> Bool {
        let path = DiscriminatorPath(discriminator.path)
        let nodes = path.nodes(from: item.element)
        let target = Self.sliceNode(slice, path: path, store: store)
        switch discriminator.type {
        case "value", "pattern":
            // A slice that does not constrain a discriminator's value accepts any value there.
            guard let expected = target?.fixed ?? target?.pattern ?? Self.implicitURL(slice, path: path) else { return true }
            return nodes.contains { FixedPatternRule.firstDifference($0, pattern: expected, exact: false, path: "") == nil }
        case "exists":
            guard let target else { return false }
            return target.max == 0 ? nodes.isEmpty : (target.min > 0 ? !nodes.isEmpty : true)
        case "type":
            let allowed = Set((target ?? slice).types.map(\.choiceSuffix))
            return nodes.contains { node in allowed.contains(typeName(of: node, item: item, path: path)) }
        case "profile":
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
        guard let structure = store.structure(canonical: profile) else { return false }
        guard let type = node.resourceType else { return false }
        guard structure.type == type else { return false }
        var probe = ElementWalker(store: store, orderIsSignificant: orderIsSignificant, sink: IssueSink(limit: nil),
                                  resourceRules: [], allowedExtensionDomains: allowedExtensionDomains, typeRules: typeRules,
                                  model: model, bestPractice: bestPractice, terminology: terminology)
        probe.validateResource(node, structure: structure, expression: type)
        return !probe.sink.issues.contains { $0.severity.isError }
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

    /// An extension slice named by its type profile is discriminated by `url` = that profile.
    static func implicitURL(_ slice: CompiledElement, path: DiscriminatorPath) -> Element? {
        guard path.steps == [.name("url")], let profile = slice.types.first?.profiles.first else { return nil }
        return Element(name: "url", value: profile, position: SourcePosition(line: 0, column: 0))
    }
}
