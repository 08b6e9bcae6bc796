import FHIRElements
import FHIRPath
import FHIRTerminology

/// The invariant evaluation context built for one resource on the walker's stack.
struct InvariantContextCache {
    let resource: Element?
    let depth: Int
    /// An evaluator over the resource's context; `contextElement` is set per element.
    let evaluator: FHIRPathEvaluator
}

/// Walks an element tree against compiled structures and reports every structural problem.
///
/// One walker per validation call; it holds only the issues found so far.
/// The compiled structures it reads are shared and immutable.
struct ElementWalker {
    /// What all walks of the validator share; the three settings read at every element are also held below.
    let settings: WalkerSettings
    let orderIsSignificant: Bool
    var sink: IssueSink
    /// Resource rules that run once per resource (ids, contained, narrative links).
    let resourceRules: [any ResourceRule]

    // The settings read at every element, held directly (reading them through `settings` costs
    // a load and a retain more each time).
    let store: SchemaStore
    let model: FHIRPathModel?
    let terminology: TerminologyProvider?
    var allowedExtensionDomains: [String] { settings.allowedExtensionDomains }
    var bestPractice: ValidationOptions.BestPractice { settings.bestPractice }

    /// Profiles the chosen API applies to resources held in Bundle entries (and Parameters), by type.
    var entryProfiles: [String: [String]] = [:]
    /// Resources being validated, outermost first, and the Bundles among them.
    var resourceStack: [Element] = []
    private var bundleStack: [BundleIndex] = []
    /// Set for a profile pass after the base pass: what does not depend on the profile (base and
    /// datatype constraints, codes against their code systems, type rules that read no profile)
    /// is not checked again.
    var isProfilePass = false
    /// The elements being validated, outermost first: where an extension is used.
    var hosts: [ExtensionHost] = []
    /// The invariant evaluator of the innermost resource (see `invariantContext`).
    var cachedInvariantContext: InvariantContextCache?

    init(settings: WalkerSettings, orderIsSignificant: Bool, sink: IssueSink, resourceRules: [any ResourceRule]) {
        self.settings = settings
        store = settings.store
        model = settings.model
        terminology = settings.terminology
        self.orderIsSignificant = orderIsSignificant
        self.sink = sink
        self.resourceRules = resourceRules
        hosts.reserveCapacity(16)  // as deep as elements nest, allocated once per walk
    }

    /// What rules see for the innermost resource: built once per resource, since the stacks it
    /// captures change only when a nested resource is entered.
    private var ruleContextCache: RuleContext? {
        didSet { ruleContextReference = ruleContextCache.map(Unmanaged.passUnretained) }
    }
    /// `ruleContextCache` unretained (it owns the context), for rules run on every element: a copy of
    /// the reference would cost an atomic retain and release each time.
    private var ruleContextReference: Unmanaged<RuleContext>?

    var context: RuleContext {
        if let ruleContextCache { return ruleContextCache }
        // The closure keeps what a conformance probe needs, not a copy of the whole walker.
        let settings = settings, resources = resourceStack, orderIsSignificant = orderIsSignificant
        return RuleContext(store: store, resources: resourceStack, bundle: bundleStack.last,
                           conforms: { resource, profile in
                               settings.conforms(resource, to: profile, resources: resources, orderIsSignificant: orderIsSignificant)
                           },
                           terminology: terminology)
    }

    /// Validates a resource against a structure; `expression` names it in findings (`Patient`).
    mutating func validateResource(_ resource: Element, structure: CompiledStructure, expression: String) {
        ExpressionPath.withRoot(expression) { validateResource(resource, structure: structure, path: $0) }
    }

    /// Validates a resource (root, contained or in a Bundle) against a structure.
    mutating func validateResource(_ resource: Element, structure: CompiledStructure, path: ExpressionPath) {
        resourceStack.append(resource)
        if resource.resourceType == "Bundle" { bundleStack.append(BundleIndex(bundle: resource)) }
        let outerContext = ruleContextCache
        ruleContextCache = nil
        ruleContextCache = context
        hosts.append(ExtensionHost(definition: structure.root, declaredType: nil, element: resource))
        defer {
            hosts.removeLast()
            resourceStack.removeLast()
            if resource.resourceType == "Bundle" { bundleStack.removeLast() }
            ruleContextCache = outerContext
        }
        if !resourceRules.isEmpty, !isProfilePass {  // a profile pass follows a walk that ran them
            let context = self.context
            let expression = path.text
            for rule in resourceRules {
                rule.check(resource, expression: expression, context: context, sink: &sink)
            }
        }
        checkInvariants(resource, definition: structure.root, typeCode: resource.resourceType, path: path)
        validateChildren(of: resource, table: structure.root.children, path: path)
    }

    /// Validates the children of an element against the definitions of its children.
    mutating func validateChildren(of parent: Element, table: ChildTable?, path: ExpressionPath) {
        guard table != nil else {
            for child in parent.children {
                reportUnknown(child, path: path)
            }
            return
        }
        // Per-definition counts live on the stack: this runs for every complex element. The table
        // is borrowed for the closure (its definition owns it), not retained.
        Unmanaged.passUnretained(table.unsafelyUnwrapped)._withUnsafeGuaranteedRef { table in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: table.ordered.count) { counts in
                counts.initialize(repeating: 0)
                validateChildren(of: parent, table: table, path: path, counts: counts)
            }
        }
    }

    private mutating func validateChildren(of parent: Element, table: ChildTable, path: ExpressionPath, counts: UnsafeMutableBufferPointer<Int>) {
        var state = ChildrenState()
        let siblings = parent.childCount
        for slot in 0..<siblings {
            validateChild(parent.child(at: slot), table: table, path: path, counts: counts, siblings: siblings, state: &state)
        }
        let sliced = state.sliced
        for position in table.slicedPositions {
            let definition = table.ordered[position]
            guard let slicing = definition.slicing else { continue }
            let items = table.slicedPositions.count == 1 ? sliced : sliced.filter { $0.position == position }
            validateSlices(items, of: definition, slicing: slicing, parent: parent, parentPath: path)
        }
        for position in table.boundedPositions {
            let count = counts[position]
            // The definition is read borrowed, and in full only for a finding.
            let (min, max) = table.unretained[position]._withUnsafeGuaranteedRef { ($0.min, $0.max) }
            guard count < min || count > max else { continue }
            let definition = table.ordered[position]
            if count < definition.min {
                sink.add(.error, .structure, "cardinality.min",
                         "\(definition.path): minimum required = \(definition.min), but only found \(count) (from \(definition.source))",
                         path.text, parent.position)
            } else if count > definition.max {
                sink.add(.error, .structure, "cardinality.max",
                         "\(definition.path): max allowed = \(definition.max), but found \(count) (from \(definition.source))",
                         path.child(definition.name, index: nil).text, parent.position)
            }
        }
    }

    /// What `validateChildren` carries from one child to the next.
    private struct ChildrenState {
        /// Items of sliced children, each with its sliced child's position.
        var sliced: [SlicedItem] = []
        /// Names already reported for the wrong JSON shape.
        var shapeReported = Set<String>()
        /// XML order: the furthest definition position seen, and the name of the child there.
        var lastOrder = -1
        var lastName = ""
    }

    /// Counts one child against its definition and validates it (a leaf's value in place), or
    /// keeps it for slicing; an unknown child is reported.
    @inline(__always)
    private mutating func validateChild(_ child: Element, table: ChildTable, path: ExpressionPath, counts: UnsafeMutableBufferPointer<Int>,
                                        siblings: Int, state: inout ChildrenState) {
        guard let (position, choice) = table.match(bytes: child.nameBytes) else {
            let choicePosition = table.choicePosition(prefixOf: child.nameBytes)
            // A value of a type the choice does not allow is still the choice's value: it is
            // reported once, for its type, and not again as a missing value.
            if let choicePosition { counts[choicePosition] += 1 }
            reportUnknown(child, path: path, choiceOf: choicePosition.map { table.ordered[$0] })
            return
        }
        // The table owns its definitions for the whole walk: read without a retain and release.
        table.unretained[position]._withUnsafeGuaranteedRef { definition in
            choice.withBorrowed { choice in
                validateChild(child, definition: definition, position: position, choice: choice, table: table, path: path,
                              counts: counts, siblings: siblings, state: &state)
            }
        }
    }

    /// `validateChild` once the child's definition is known.
    @inline(__always)
    private mutating func validateChild(_ child: Element, definition: CompiledElement, position: Int, choice: CompiledType?,
                                        table: ChildTable, path: ExpressionPath, counts: UnsafeMutableBufferPointer<Int>,
                                        siblings: Int, state: inout ChildrenState) {
        if isProfilePass && definition.matchesBase {
            counts[position] += 1  // what the profile adds nothing to, the base pass checked
            return
        }
        let index = definition.isList ? child.arrayIndex : nil
        counts[position] += 1
        // A JSON array where one value is allowed, or the reverse: reported once per name.
        if child.shape == .arrayMember ? !definition.isList : child.shape == .single && definition.isList,
           state.shapeReported.isEmpty || !state.shapeReported.contains(child.name) {
            reportShape(child, parentPath: path)
            state.shapeReported.insert(child.name)
        }
        if !orderIsSignificant, child.children.isEmpty, let primitive = definition.plainLeafType ?? definition.fixedLeafType {
            // Most elements are such leaves: their value is checked in place, and their expression
            // is written only for a finding.
            if !isProfilePass, let finding = Self.primitiveFinding(child, type: primitive) {
                sink.add(finding.severity, finding.code, finding.messageID, finding.message,
                         path.child(named: child, index: index).text, child.position)
            }
            // A leaf a profile fixes (a slice's `system` and `code`): then its fixed or pattern
            // value, as `validateElement` would check it.
            if definition.fixedLeafType != nil {
                if let fixed = definition.fixed {
                    FixedPatternRule.checkFixed(child, fixed: fixed, source: definition.source,
                                                expression: path.child(named: child, index: index).text, sink: &sink)
                }
                if let pattern = definition.pattern {
                    FixedPatternRule.checkPattern(child, pattern: pattern, source: definition.source,
                                                  expression: path.child(named: child, index: index).text, sink: &sink)
                }
            }
            return
        }
        let childPath = path.child(named: child, index: index)
        if orderIsSignificant {
            let order = position
            if order < state.lastOrder {
                sink.add(.error, .invalid, "xml.out-of-order",
                         "As specified by profile \(definition.source), Element '\(child.name)' is out of order (found after '\(state.lastName)')",
                         childPath.text, child.position)
            }
            if order > state.lastOrder { state.lastName = child.name }
            state.lastOrder = max(state.lastOrder, order)
        }
        // An item of a sliced element is validated once its slice is known: against the slice it
        // matches (a snapshot slice states everything its sliced element does), else against the
        // sliced element.
        guard table.isSliced[position] else {
            validateElement(child, definition: definition, choice: choice, path: childPath)
            return
        }
        if state.sliced.isEmpty { state.sliced.reserveCapacity(siblings) }  // one allocation, not one per doubling
        state.sliced.append(SlicedItem(element: child, index: index, choice: choice, position: position))
    }

    private mutating func reportUnknown(_ child: Element, path: ExpressionPath, choiceOf choice: CompiledElement? = nil) {
        let childExpression = path.child(named: child, index: child.shape == .arrayMember ? child.arrayIndex : nil).text
        if let choice {
            let allowed = choice.types.map(\.code).joined(separator: ", ")
            sink.add(.error, .structure, "choice.type-not-allowed",
                     "The type of '\(child.name)' is not allowed for \(choice.path) (allowed: \(allowed))",
                     childExpression, child.position)
        } else {
            sink.add(.error, .structure, "element.unknown",
                     "Unrecognized element '\(child.name)' at \(path.text)", childExpression, child.position)
        }
    }

    /// Reports a JSON array where one value is allowed (`arrayMember` of a single element), or
    /// one value where an array is required (`single` of a list).
    private mutating func reportShape(_ child: Element, parentPath: ExpressionPath) {
        let expression = parentPath.child(named: child, index: nil).text
        if child.shape == .arrayMember {
            sink.add(.error, .structure, "json.not-array",
                     "The property \(child.name) must be a single value, not an Array", expression, child.position)
        } else {
            let kind = child.isComplex ? "an Object" : "a Primitive property"
            sink.add(.error, .structure, "json.array-expected",
                     "The property \(child.name) must be a JSON Array, not \(kind)", expression, child.position)
        }
    }

    /// Validates one element against its definition and (chosen) type.
    mutating func validateElement(_ element: Element, definition: CompiledElement, choice: CompiledType?, path: ExpressionPath) {
        if let choice {
            validateElement(element, definition: definition, type: choice, path: path)
        } else if let sole = definition.soleTypeReference {
            // The definition's types own its sole type for the whole walk.
            sole._withUnsafeGuaranteedRef { validateElement(element, definition: definition, type: $0, path: path) }
        } else if definition.types.isEmpty, definition.children != nil {  // an element defined only by its children
            validateComplex(element, table: definition.children, path: path)
        }
    }

    /// Validates one element against its definition and its type (the choice's, or the only one).
    private mutating func validateElement(_ element: Element, definition: CompiledElement, type: CompiledType, path: ExpressionPath) {
        // A complex type's own definition: its children (unless the profile states them) and its invariants.
        let typeRoot = type.kind == .complex ? type.baseRootReference(in: store) : nil
        typeRoot.withBorrowed { validateElement(element, definition: definition, type: type, typeRoot: $0, path: path) }
    }

    private mutating func validateElement(_ element: Element, definition: CompiledElement, type: CompiledType, typeRoot: CompiledElement?,
                                          path: ExpressionPath) {
        // Elements that may hold extensions are entered as their hosts (pushed and popped here
        // rather than through a closure, whose captures would be retained per element; made only
        // where pushed, since a host keeps its element's tree).
        var host: ExtensionHost { ExtensionHost(definition: definition, declaredType: type, element: element) }
        // A profile pass walks only what the profile states: children that come from the type's own
        // definition (or the extension a url names), a primitive's id and extensions, and resources
        // held by the element were checked as the base states them by the base pass.
        let walksContent = !isProfilePass || (definition.children != nil && type.kind != .resource)
        switch type.kind {
        case _ where !walksContent:
            break
        case .primitive(let primitive) where element.children.isEmpty:
            validatePrimitive(element, type: primitive, expression: path.text)  // hosts no extension
        case .primitive(let primitive):
            hosts.append(host)
            validatePrimitive(element, type: primitive, expression: path.text)
            hosts.removeLast()
        case .resource:
            validateContainedResource(element, type: type, path: path)
        case .backbone:
            hosts.append(host)
            definition.childrenReference.withBorrowed { validateComplex(element, table: $0, path: path) }
            hosts.removeLast()
        case .complex where type.isExtension:
            let table = extensionChildren(element, definition: definition, path: path)
            hosts.append(host)
            validateComplex(element, table: table, path: path)
            hosts.removeLast()
        case .complex:
            hosts.append(host)
            (definition.childrenReference ?? typeRoot?.childrenReference).withBorrowed { validateComplex(element, table: $0, path: path) }
            hosts.removeLast()
        }
        checkInvariants(element, definition: definition, typeCode: type.code, path: path, typeRoot: typeRoot)
        checkCodes(element, definition: definition, type: type, path: path)
        if let fixed = definition.fixed {
            FixedPatternRule.checkFixed(element, fixed: fixed, source: definition.source, expression: path.text, sink: &sink)
        }
        if let limits = definition.limits {
            ValueLimitRule.check(element, limits: limits, typeCode: type.code, source: definition.source, expression: path.text, sink: &sink)
        }
        if let pattern = definition.pattern {
            FixedPatternRule.checkPattern(element, pattern: pattern, source: definition.source, expression: path.text, sink: &sink)
        }
        if let rules = type.typeRules {
            // By index: a rule is read in place, where iterating would copy each (and retain what it holds).
            func run(_ context: RuleContext) {
                for index in rules.indices where !isProfilePass || rules[index].dependsOnProfile {
                    rules[index].check(element, declared: type, expression: path.text, context: context, sink: &sink)
                }
            }
            if let reference = ruleContextReference { reference._withUnsafeGuaranteedRef(run) } else { run(context) }
        }
    }

    private mutating func validateComplex(_ element: Element, table: ChildTable?, path: ExpressionPath) {
        if element.shape != .unspecified && !element.isComplex {
            sink.add(.error, .structure, "json.object-expected",
                     "The property \(element.name) must be an Object, not a Primitive property", path.text, element.position)
            return
        }
        if element.hasValue {
            sink.add(.error, .structure, "element.value-on-complex",
                     "The element \(element.name) is a complex type and cannot have a value attribute", path.text, element.position)
        }
        if element.children.isEmpty {
            // Members the parser reported and left out (an empty array, a null) are the finding.
            if !element.contentDropped {
                sink.add(.error, .invalid, "element.empty",
                         "Object must have some content", path.text, element.position)
            }
            return
        }
        validateChildren(of: element, table: table, path: path)
    }

    private mutating func validateContainedResource(_ element: Element, type: CompiledType, path: ExpressionPath) {
        guard let resourceType = element.resourceType else {
            sink.add(.error, .structure, "resource.expected",
                     "A resource was expected at \(element.name), but no resource type was found", path.text, element.position)
            return
        }
        if type.code != "Resource" && type.code != "DomainResource" && type.code != resourceType {
            sink.add(.error, .structure, "resource.wrong-type",
                     "The resource type '\(resourceType)' is not allowed here (expected \(type.code))", path.text, element.position)
            return
        }
        guard let structure = store.structure(forType: resourceType), structure.kind == "resource" else {
            sink.add(.error, .structure, "resource.unknown-type",
                     "Unknown resource type '\(resourceType)'", path.text, element.position)
            return
        }
        // The profiles an entry's own type or code selects do not depend on the profile of a
        // profile pass: the base pass validated the entry against them.
        guard element.hasName("resource"), !isProfilePass else {
            validateResource(element, structure: structure, path: path)
            return
        }
        // One vital signs profile is validated in place of the base definition, as at the root.
        let vitalSigns = settings.vitalSigns.selection(for: element, type: resourceType)
        validateResource(element, structure: vitalSigns.inPlaceOfBase?.structure ?? structure, path: path)
        // Each further profile is a profile pass over the entry, as at the root: what does not
        // depend on the profile, the walk just made checked.
        isProfilePass = true
        defer { isProfilePass = false }
        for profile in (entryProfiles[resourceType] ?? []) + vitalSigns.besideBase {
            guard let selected = store.structure(canonical: profile), selected.type == resourceType else {
                sink.add(.warning, .notFound, "profile.unknown",
                         "The profile '\(profile)' the API selects for \(resourceType) is not loaded; it was not checked", path.text, element.position)
                continue
            }
            validateResource(element, structure: selected, path: path)
        }
    }
}
