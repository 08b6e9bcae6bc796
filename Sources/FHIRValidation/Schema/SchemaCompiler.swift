import FHIRDefinitions
import FHIRTerminology

/// Compiles a StructureDefinition snapshot into a `CompiledStructure`, once.
///
/// Everything that reads ElementDefinitions happens here: the tree of
/// children by path, the kind of every allowed type, list-ness from the base,
/// and content references resolved to their targets.
struct SchemaCompiler {
    let definitions: DefinitionProvider
    /// The rules the validator runs per datatype: each compiled type holds its own, and each
    /// element whether it is a plain leaf (see `CompiledElement.plainLeafType`).
    let typeRules: TypeRuleTable
    /// The terminology each compiled binding resolves its value set in (the validator's).
    let terminology: TerminologyProvider?

    /// Compiles a definition, or nil when it has no snapshot. O(elements).
    ///
    /// The tree is built by element id, so that a slice (`Patient.identifier:nhs`) and the
    /// elements inside it (`Patient.identifier:nhs.system`) form their own subtree, attached
    /// to the element they slice.
    func compile(_ definition: StructureDefinition) -> CompiledStructure? {
        let elements = definition.snapshot
        guard let rootDefinition = elements.first else { return nil }
        var childrenByParent: [String: [ElementDefinition]] = [:]
        for element in elements.dropFirst() {
            let id = Self.id(of: element)
            guard let dot = id.lastIndex(of: ".") else { continue }
            childrenByParent[String(id[..<dot]), default: []].append(element)
        }
        var context = BuildContext(childrenByParent: childrenByParent, source: definition.url)
        if definition.isConstraint, let base = definitions.structureDefinition(forType: definition.type), !base.isConstraint {
            context.baseByPath = Self.unslicedElementsByPath(base)
        }
        let root = build(rootDefinition, isRoot: true, context: &context)
        for node in context.references {
            guard let reference = node.contentReference, let hash = reference.firstIndex(of: "#"),
                  let target = context.byPath[String(reference[reference.index(after: hash)...])] else { continue }
            node.children = target.children
            node.referencedTypes = target.types
        }
        // Read once everything it depends on (types through content references, slicing) is set.
        for node in context.all {
            let types = node.types
            node.soleType = types.count == 1 ? types[0] : nil
            // A leaf is checked in place only when the validator's type rules add nothing to it.
            let typeRulesAddNothing = types.count == 1 && types[0].typeRules == nil
            node.plainLeafType = typeRulesAddNothing ? node.plainPrimitiveType : nil
            node.fixedLeafType = typeRulesAddNothing ? node.fixedPrimitiveType : nil
        }
        return CompiledStructure(url: definition.url, type: definition.type, kind: definition.kind, root: root, byPath: context.byPath,
                                 contexts: definition.contexts.map { ExtensionContext(type: $0.type, expression: $0.expression) }
                                     + (ExtensionContextRule.errata[definition.url] ?? []))
    }

    private struct BuildContext {
        let childrenByParent: [String: [ElementDefinition]]
        let source: String
        var byPath: [String: CompiledElement] = [:]
        var references: [CompiledElement] = []
        /// Every element compiled, in order.
        var all: [CompiledElement] = []
        /// The base type's elements by path, when compiling a constraint profile.
        var baseByPath: [String: ElementDefinition] = [:]
        /// The elements of the datatypes a constraint profile reaches into, by type and path
        /// (`Coding` → `Coding.system`), read on first use.
        var datatypeElements: [String: [String: ElementDefinition]] = [:]
    }

    static func id(of element: ElementDefinition) -> String { element.id ?? element.path }

    /// Gives a slice the children of the element it slices wherever it does not constrain them,
    /// so that validating against the slice never loses the base definition.
    static func complete(_ slice: CompiledElement, from sliced: CompiledElement) {
        guard let base = sliced.children else { return }
        guard let own = slice.children else {
            slice.children = base
            return
        }
        let merged = base.ordered.map { element -> CompiledElement in
            if let constrained = own.ordered.first(where: { $0.name == element.name }) { return constrained }
            // A choice the slice narrowed to one type (`content[x]` → `contentString`).
            if element.isChoice, let renamed = own.ordered.first(where: { !$0.isChoice && $0.name.hasPrefix(element.choicePrefix) }) {
                return renamed
            }
            return element
        }
        let extra = own.ordered.filter { element in !merged.contains { $0 === element } }
        slice.children = ChildTable(merged + extra)
    }

    private func build(_ element: ElementDefinition, isRoot: Bool, context: inout BuildContext) -> CompiledElement {
        let childDefinitions = context.childrenByParent[Self.id(of: element)] ?? []
        let baseMax = element.baseMax ?? element.max ?? "1"
        let node = CompiledElement(
            name: String(element.name), path: element.path, min: element.min ?? 0,
            max: element.maxCount ?? Int.max, isList: !isRoot && baseMax != "1" && baseMax != "0",
            types: element.types.map { compileType($0, hasChildren: !childDefinitions.isEmpty) },
            contentReference: element.contentReference, source: context.source)
        context.all.append(node)
        node.fixed = element.fixed
        node.pattern = element.pattern
        node.invariants = CompiledInvariant.compile(element.constraints, definitions: definitions)
        node.binding = element.binding.flatMap { b in b.valueSet.map { CompiledBinding(strength: b.strength, valueSet: $0, path: element.path, terminology: terminology) } }
        node.sliceName = element.sliceName
        node.limits = ValueLimits.compile(element)
        let base = baseElement(of: element, context: &context)
        if let base {
            node.bindingMatchesBase = element.binding?.strength == base.binding?.strength && element.binding?.valueSet == base.binding?.valueSet
        }
        if Self.isUnsliced(element) { context.byPath[element.path] = node }
        if element.contentReference != nil { context.references.append(node) }
        guard !childDefinitions.isEmpty else {
            node.matchesBase = Self.matchesBase(element, base: base)
            return node
        }
        var children: [CompiledElement] = []
        var slicesByName: [String: [CompiledElement]] = [:]
        for child in childDefinitions {
            let compiled = build(child, isRoot: false, context: &context)
            if child.sliceName != nil {
                slicesByName[child.path, default: []].append(compiled)
            } else {
                children.append(compiled)
            }
        }
        for (child, definition) in zip(children, childDefinitions.filter { $0.sliceName == nil }) {
            guard let slicing = definition.slicing else { continue }
            for slice in slicesByName[definition.path] ?? [] { Self.complete(slice, from: child) }
            child.slicing = CompiledSlicing(
                discriminators: slicing.discriminators, rules: slicing.rules, ordered: slicing.ordered,
                slices: slicesByName[definition.path] ?? [])
        }
        node.children = ChildTable(children)
        node.matchesBase = Self.matchesBase(element, base: base) && children.allSatisfy(\.matchesBase) && node.slicing == nil
        return node
    }

    /// The element of the base definitions that a constraint profile's element constrains: the
    /// base resource's element at the same path, or, for an element the profile states inside a
    /// datatype (`Observation.code.coding.system`), the datatype's element its `base.path` names
    /// (`Coding.system`) — the definition the base pass checked that content against. Nil
    /// outside constraint profiles and for elements no base defines. O(1) after a datatype's
    /// first element.
    private func baseElement(of element: ElementDefinition, context: inout BuildContext) -> ElementDefinition? {
        guard !context.baseByPath.isEmpty else { return nil }
        if let base = context.baseByPath[element.path] { return base }
        guard let basePath = element.basePath, let dot = basePath.firstIndex(of: ".") else { return nil }
        let type = String(basePath[..<dot])
        if context.datatypeElements[type] == nil {
            let definition = definitions.structureDefinition(forType: type).flatMap { $0.isConstraint ? nil : $0 }
            context.datatypeElements[type] = definition.map(Self.unslicedElementsByPath) ?? [:]
        }
        return context.datatypeElements[type]?[basePath]
    }

    /// True for an element that is neither a slice nor inside one (its id names no slice).
    private static func isUnsliced(_ element: ElementDefinition) -> Bool {
        element.sliceName == nil && !(element.id?.contains(":") ?? false)
    }

    /// A base definition's elements outside slices, by path. O(elements).
    private static func unslicedElementsByPath(_ definition: StructureDefinition) -> [String: ElementDefinition] {
        var byPath: [String: ElementDefinition] = [:]
        for element in definition.snapshot where isUnsliced(element) { byPath[element.path] = element }
        return byPath
    }

    /// True when a constraint profile's element states nothing its base element (see
    /// `baseElement(of:context:)`) does not (cardinality, types and their profiles, fixed and
    /// pattern values, binding, constraints, value limits, slicing), so a profile pass after the
    /// base pass has nothing to add there. A slice always adds its membership; an element inside
    /// a slice that matches its base adds nothing (the base pass checked every item against it).
    private static func matchesBase(_ element: ElementDefinition, base: ElementDefinition?) -> Bool {
        guard element.sliceName == nil, let base else { return false }
        return element.min == base.min && element.maxCount == base.maxCount && element.types == base.types
            && element.fixed == nil && element.pattern == nil && base.fixed == nil && base.pattern == nil
            && element.binding?.strength == base.binding?.strength && element.binding?.valueSet == base.binding?.valueSet
            && Set(element.constraints.map(\.key)) == Set(base.constraints.map(\.key))
            && element.minValue == nil && element.maxValue == nil && element.maxLength == base.maxLength
            && element.slicing == nil && element.contentReference == base.contentReference
    }

    private func compileType(_ type: ElementDefinition.TypeRef, hasChildren: Bool) -> CompiledType {
        let kind: CompiledType.Kind
        if let primitive = PrimitiveType(rawValue: type.code) {
            kind = .primitive(primitive)
        } else if type.code == "Resource" || type.code == "DomainResource" {
            kind = .resource
        } else if hasChildren && (type.code == "BackboneElement" || type.code == "Element") {
            kind = .backbone
        } else if let definition = definitions.structureDefinition(forType: type.code) {
            if definition.isResource { kind = .resource }
            else if definition.isPrimitive { kind = .primitive(PrimitiveType(rawValue: definition.type) ?? .string) }
            else { kind = .complex }
        } else {
            kind = hasChildren ? .backbone : .complex
        }
        let suffix = type.code.prefix(1).uppercased() + type.code.dropFirst()
        return CompiledType(code: type.code, kind: kind, choiceSuffix: suffix,
                            profiles: type.profiles, targetProfiles: type.targetProfiles, typeRules: typeRules.rules(for: type.code))
    }
}
