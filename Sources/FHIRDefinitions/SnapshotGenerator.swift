/// Generates a snapshot from a differential and the snapshot of its base.
///
/// Follows the R4 rules (http://hl7.org/fhir/R4/profiling.html#snapshot): each
/// differential element constrains the base element of the same path, reaching into
/// datatypes by unfolding their definitions (`Patient.identifier.system`), renaming choices
/// (`value[x]` → `valueQuantity` restricts the types), and adding slices after the element
/// they slice. Constraints that loosen the base are reported as problems.
public struct SnapshotGenerator {
    /// Resolves a canonical or type name to a definition that has a snapshot.
    public let resolve: (String) -> StructureDefinition?

    public init(resolve: @escaping (String) -> StructureDefinition?) { self.resolve = resolve }

    /// The generated snapshot and the problems found, or nil when the base cannot be resolved.
    /// O(differential × snapshot).
    public func generate(_ definition: StructureDefinition) -> (snapshot: [ElementDefinition], problems: [String])? {
        guard let baseURL = definition.baseDefinition, let base = resolve(baseURL), !base.snapshot.isEmpty else { return nil }
        var elements = base.snapshot
        var problems: [String] = []
        for constraint in Self.withIDs(definition.differential) {
            if let index = locate(constraint, in: &elements) {
                let isNewSlice = constraint.sliceName != nil && (elements[index].sliceName == nil || (elements[index].id ?? "") != constraint.id)
                // A new slice starts from the sliced element without its slicing, and with min 0:
                // the sliced element's own cardinality counts all slices together.
                var base = elements[index]
                if isNewSlice {
                    base.min = 0
                    base.slicing = nil
                }
                var merged = Self.merge(constraint, into: base, problems: &problems)
                if isNewSlice {
                    // Extensions slice by url by default.
                    if elements[index].slicing == nil, elements[index].name == "extension" || elements[index].name == "modifierExtension" {
                        elements[index].slicing = ElementDefinition.Slicing(
                            discriminators: [ElementDefinition.Discriminator(type: "value", path: "url")], ordered: false, rules: "open")
                    }
                    let end = subtreeEnd(of: index, in: elements)
                    elements.insert(merged, at: end)
                } else {
                    elements[index] = merged
                }
            } else {
                problems.append("No match found for \(constraint.id ?? constraint.path) in the generated snapshot: check that the path and definitions are legal in the differential")
            }
        }
        return (elements, problems)
    }

    /// The differential with an id on every element. Older differentials state only paths:
    /// an element then belongs to the slice most recently opened on its ancestor path.
    static func withIDs(_ differential: [ElementDefinition]) -> [ElementDefinition] {
        var current: [String: String] = [:]
        func id(for path: String) -> String {
            if let known = current[path] { return known }
            guard let dot = path.lastIndex(of: ".") else { return path }
            return id(for: String(path[..<dot])) + path[dot...]
        }
        return differential.map { element in
            var element = element
            if element.id == nil {
                var computed = id(for: element.path)
                if let sliceName = element.sliceName {
                    if let dot = element.path.lastIndex(of: ".") {
                        computed = id(for: String(element.path[..<dot])) + element.path[dot...]
                    }
                    computed += ":" + sliceName
                }
                element.id = computed
            }
            for key in current.keys where key.hasPrefix(element.path + ".") { current[key] = nil }
            current[element.path] = element.id
            return element
        }
    }

    /// The index of the element a differential element constrains, unfolding datatypes
    /// and renaming choices as needed. Elements are matched by id, so that constraints
    /// inside a slice (`Patient.telecom:phone.system`) reach that slice only.
    private func locate(_ constraint: ElementDefinition, in elements: inout [ElementDefinition]) -> Int? {
        locate(id: constraint.id ?? constraint.path, in: &elements)
    }

    private func locate(id: String, in elements: inout [ElementDefinition]) -> Int? {
        if let exact = elements.firstIndex(where: { ($0.id ?? $0.path) == id }) { return exact }
        let lastSegment = id.split(separator: ".").last ?? Substring(id)
        if let colon = lastSegment.lastIndex(of: ":") {
            // A new slice: it starts as a copy of the element it slices.
            let sliced = String(id.dropLast(lastSegment.distance(from: colon, to: lastSegment.endIndex)))
            return locate(id: sliced, in: &elements)
        }
        if let choice = renameChoice(id: id, in: &elements) { return choice }
        guard let dot = id.lastIndex(of: ".") else { return nil }
        let parentID = String(id[..<dot])
        guard let parent = locate(id: parentID, in: &elements), unfold(at: parent, in: &elements) else { return nil }
        return elements.firstIndex { ($0.id ?? $0.path) == id } ?? renameChoice(id: id, in: &elements)
    }

    /// Turns `value[x]` into `valueQuantity` with only that type allowed; returns its index.
    private func renameChoice(id: String, in elements: inout [ElementDefinition]) -> Int? {
        for (i, element) in elements.enumerated() where element.isChoice {
            let elementID = element.id ?? element.path
            let prefix = elementID.dropLast(3)
            guard id.hasPrefix(prefix), !id.dropFirst(prefix.count).contains("."), !id.dropFirst(prefix.count).contains(":") else { continue }
            let suffix = id.dropFirst(prefix.count)
            guard let type = element.types.first(where: { $0.code.prefix(1).uppercased() + $0.code.dropFirst() == suffix }) else { continue }
            var renamed = element
            renamed.path = String(element.path.dropLast(3) + suffix)
            renamed.id = id
            renamed.types = [type]
            elements[i] = renamed
            return i
        }
        return nil
    }

    /// Inserts the children of an element after it: a slice copies the subtree of the element
    /// it slices; other elements unfold their type's definition. False when there are none.
    private func unfold(at index: Int, in elements: inout [ElementDefinition]) -> Bool {
        let element = elements[index]
        if index + 1 < elements.count, elements[index + 1].path.hasPrefix(element.path + ".") { return true }
        if let sliceName = element.sliceName, let id = element.id, id.hasSuffix(":" + sliceName) {
            let slicedID = String(id.dropLast(sliceName.count + 1))
            if let sliced = elements.firstIndex(where: { ($0.id ?? $0.path) == slicedID }) {
                let subtree = elements[(sliced + 1)...].prefix { $0.path.hasPrefix(element.path + ".") }
                    .filter { ($0.id ?? $0.path).hasPrefix(slicedID + ".") }
                if !subtree.isEmpty {
                    let copies = subtree.map { child -> ElementDefinition in
                        var copy = child
                        copy.id = id + (child.id ?? child.path).dropFirst(slicedID.count)
                        return copy
                    }
                    elements.insert(contentsOf: copies, at: index + 1)
                    return true
                }
            }
        }
        guard element.types.count == 1, let typeDefinition = resolve(element.types[0].code),
              typeDefinition.snapshot.count > 1 else { return false }
        let typeRoot = typeDefinition.snapshot[0].path
        let prefix = element.id ?? element.path
        let children = typeDefinition.snapshot.dropFirst().map { child -> ElementDefinition in
            var copy = child
            copy.path = element.path + child.path.dropFirst(typeRoot.count)
            copy.id = prefix + (child.id ?? child.path).dropFirst(typeRoot.count)
            return copy
        }
        elements.insert(contentsOf: children, at: index + 1)
        return true
    }

    private func subtreeEnd(of index: Int, in elements: [ElementDefinition]) -> Int {
        let path = elements[index].path
        var end = index + 1
        while end < elements.count, elements[end].path == path || elements[end].path.hasPrefix(path + ".") { end += 1 }
        return end
    }

    /// The base element with the differential's stated properties applied.
    static func merge(_ constraint: ElementDefinition, into base: ElementDefinition, problems: inout [String]) -> ElementDefinition {
        var merged = base
        merged.id = constraint.id ?? base.id
        merged.path = constraint.path.hasSuffix("[x]") ? base.path : constraint.path
        merged.sliceName = constraint.sliceName ?? base.sliceName
        if let min = constraint.min {
            if let baseMin = base.min, min < baseMin {
                problems.append("\(constraint.path): min \(min) is less than the base min \(baseMin)")
            }
            merged.min = min
        }
        if let max = constraint.maxCount {
            if let baseMax = base.maxCount, max > baseMax {
                problems.append("\(constraint.path): max \(constraint.max ?? "") is more than the base max \(base.max ?? "")")
            }
            merged.max = constraint.max
        }
        if !constraint.types.isEmpty { merged.types = constraint.types }
        if let fixed = constraint.fixed { merged.fixed = fixed }
        if let pattern = constraint.pattern { merged.pattern = pattern }
        if let binding = constraint.binding { merged.binding = binding }
        if let maxLength = constraint.maxLength { merged.maxLength = maxLength }
        if let minValue = constraint.minValue { merged.minValue = minValue }
        if let maxValue = constraint.maxValue { merged.maxValue = maxValue }
        if let slicing = constraint.slicing { merged.slicing = slicing }
        if let reference = constraint.contentReference { merged.contentReference = reference }
        merged.constraints += constraint.constraints.filter { c in !base.constraints.contains { $0.key == c.key } }
        merged.mustSupport = constraint.mustSupport || base.mustSupport
        return merged
    }
}
