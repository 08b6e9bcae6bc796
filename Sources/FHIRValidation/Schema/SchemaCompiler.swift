import FHIRDefinitions

/// Compiles a StructureDefinition snapshot into a `CompiledStructure`, once.
///
/// Everything that reads ElementDefinitions happens here: the tree of
/// children by path, the kind of every allowed type, list-ness from the base,
/// and content references resolved to their targets.
struct SchemaCompiler {
    let definitions: DefinitionProvider

    /// Compiles a definition, or nil when it has no snapshot. O(elements).
    func compile(_ definition: StructureDefinition) -> CompiledStructure? {
        let elements = definition.snapshot.filter { !Self.isInsideSlice($0) }
        guard let rootDefinition = elements.first else { return nil }
        var childrenByParent: [String: [ElementDefinition]] = [:]
        for element in elements.dropFirst() {
            guard let dot = element.path.lastIndex(of: ".") else { continue }
            childrenByParent[String(element.path[..<dot]), default: []].append(element)
        }
        var byPath: [String: CompiledElement] = [:]
        var references: [CompiledElement] = []
        let root = build(rootDefinition, order: 0, isRoot: true, childrenByParent: childrenByParent,
                         source: definition.url, byPath: &byPath, references: &references)
        for node in references {
            guard let reference = node.contentReference, let hash = reference.firstIndex(of: "#"),
                  let target = byPath[String(reference[reference.index(after: hash)...])] else { continue }
            node.children = target.children
            node.referencedTypes = target.types
        }
        return CompiledStructure(url: definition.url, type: definition.type, kind: definition.kind, root: root, byPath: byPath)
    }

    /// True for a slice and everything below it (ids with `:`), which base checks skip.
    static func isInsideSlice(_ element: ElementDefinition) -> Bool {
        if element.sliceName != nil { return true }
        return element.id?.contains(":") ?? false
    }

    private func build(
        _ element: ElementDefinition, order: Int, isRoot: Bool, childrenByParent: [String: [ElementDefinition]],
        source: String, byPath: inout [String: CompiledElement], references: inout [CompiledElement]
    ) -> CompiledElement {
        let childDefinitions = childrenByParent[element.path] ?? []
        let baseMax = element.baseMax ?? element.max ?? "1"
        let node = CompiledElement(
            name: String(element.name), path: element.path, min: element.min ?? 0,
            max: element.maxCount ?? Int.max, isList: !isRoot && baseMax != "1" && baseMax != "0",
            types: element.types.map { compileType($0, hasChildren: !childDefinitions.isEmpty) },
            contentReference: element.contentReference, order: order, source: source)
        node.fixed = element.fixed
        node.pattern = element.pattern
        byPath[element.path] = node
        if element.contentReference != nil { references.append(node) }
        if !childDefinitions.isEmpty {
            var children: [CompiledElement] = []
            for (i, child) in childDefinitions.enumerated() {
                children.append(build(child, order: i, isRoot: false, childrenByParent: childrenByParent,
                                      source: source, byPath: &byPath, references: &references))
            }
            node.children = ChildTable(children)
        }
        return node
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
                            profiles: type.profiles, targetProfiles: type.targetProfiles)
    }
}
