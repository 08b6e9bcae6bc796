import FHIRDefinitions
import FHIRElements
import Foundation

/// What FHIRPath knows of FHIR types: the definition of each element, for typing the
/// elements it navigates, and the type hierarchy, for `is`, `as` and `ofType()`.
///
/// Built over a `DefinitionProvider`; each type's snapshot is indexed by path once
/// (O(elements)), after which lookups are O(1). Safe to share between threads.
public final class FHIRPathModel: @unchecked Sendable {
    public let definitions: DefinitionProvider
    private let byType = ConcurrentCache<String, [String: ElementDefinition]>()
    /// Answers of `child` and `hasChild`, which navigation asks again for every instance.
    private let childAnswers = ConcurrentCache<ChildQuestion, (type: String, path: ModelPath?)>()
    private let hasChildAnswers = ConcurrentCache<ChildQuestion, Bool?>()

    /// A child name asked of a location and type.
    private struct ChildQuestion: Hashable {
        let parent: ModelPath?
        let parentType: String
        let name: String

        /// Hashes the parts that tell questions apart in practice (the location's path and the
        /// name); equality still compares every part. Navigation asks for every child it types.
        func hash(into hasher: inout Hasher) {
            hasher.combine(parent?.path)
            hasher.combine(name)
        }
    }

    public init(definitions: DefinitionProvider) { self.definitions = definitions }

    private func elements(of type: String) -> [String: ElementDefinition] {
        byType.value(for: type) {
            var map: [String: ElementDefinition] = [:]
            for element in definitions.structureDefinition(forType: type)?.snapshot ?? [] where element.sliceName == nil && !(element.id?.contains(":") ?? false) {
                map[element.path] = element
            }
            return map
        }
    }

    /// True when a name is a FHIR type with a definition. O(1) after first use.
    public func isType(_ name: String) -> Bool { definitions.structureDefinition(forType: name) != nil }

    /// True when `type` is `ancestor` or derives from it by specialization (`Age` is a `Quantity`,
    /// `Patient` is a `DomainResource`, `code` is a `string`). O(depth).
    public func isType(_ type: String, derivedFrom ancestor: String) -> Bool {
        var current: String? = type
        var guardCount = 0
        while let name = current, guardCount < 20 {
            if name == ancestor { return true }
            guard let base = definitions.structureDefinition(forType: name)?.baseDefinition else { return false }
            current = base.split(separator: "/").last.map(String.init)
            guardCount += 1
        }
        return false
    }

    /// The type and definition location of an instance child `childName` of a node. O(1) after the
    /// first question about that name at that location.
    public func child(of parent: ModelPath?, parentType: String, childName: String, element: Element) -> (type: String, path: ModelPath?) {
        if let resourceType = element.resourceType { return (resourceType, ModelPath(structure: resourceType, path: resourceType)) }
        let question = ChildQuestion(parent: parent, parentType: parentType, name: childName)
        return childAnswers.value(for: question) { resolveChild(of: parent, parentType: parentType, childName: childName) }
    }

    private func resolveChild(of parent: ModelPath?, parentType: String, childName: String) -> (type: String, path: ModelPath?) {
        var locations: [ModelPath] = []
        if let parent { locations.append(parent) }
        if !parentType.isEmpty, parent?.structure != parentType { locations.append(ModelPath(structure: parentType, path: parentType)) }
        for location in locations {
            let map = elements(of: location.structure)
            var locationPath = location.path
            if let element = map[locationPath], let reference = element.contentReference, let hash = reference.firstIndex(of: "#") {
                locationPath = String(reference[reference.index(after: hash)...])
            }
            if let definition = map[locationPath + "." + childName] {
                return typed(definition, structure: location.structure, choiceSuffix: nil)
            }
            for (suffixStart, _) in childName.enumerated() where suffixStart > 0 {
                let index = childName.index(childName.startIndex, offsetBy: suffixStart)
                guard childName[index].isUppercase else { continue }
                if let definition = map[locationPath + "." + childName[..<index] + "[x]"] {
                    return typed(definition, structure: location.structure, choiceSuffix: String(childName[index...]))
                }
            }
        }
        return ("", nil)
    }

    private func typed(_ definition: ElementDefinition, structure: String, choiceSuffix: String?) -> (type: String, path: ModelPath?) {
        if let reference = definition.contentReference, let hash = reference.firstIndex(of: "#") {
            return ("BackboneElement", ModelPath(structure: structure, path: String(reference[reference.index(after: hash)...])))
        }
        let code: String
        if let suffix = choiceSuffix {
            code = definition.types.first { $0.code.prefix(1).uppercased() + $0.code.dropFirst() == suffix }?.code
                ?? (suffix.prefix(1).lowercased() + suffix.dropFirst())
        } else {
            code = definition.types.first?.code ?? "BackboneElement"
        }
        if code == "BackboneElement" || code == "Element" {
            return (code, ModelPath(structure: structure, path: definition.path))
        }
        return (code, ModelPath(structure: code, path: code))
    }

    /// True when the definition at a location has a child named `name` (or a choice `name[x]`).
    public func hasChild(_ parent: ModelPath?, parentType: String, named name: String) -> Bool? {
        let question = ChildQuestion(parent: parent, parentType: parentType, name: name)
        return hasChildAnswers.value(for: question) { resolveHasChild(parent, parentType: parentType, named: name) }
    }

    private func resolveHasChild(_ parent: ModelPath?, parentType: String, named name: String) -> Bool? {
        var locations: [ModelPath] = []
        if let parent { locations.append(parent) }
        if !parentType.isEmpty { locations.append(ModelPath(structure: parentType, path: parentType)) }
        guard !locations.isEmpty else { return nil }
        for location in locations {
            let map = elements(of: location.structure)
            if map.isEmpty { return nil }
            var base = location.path
            if let element = map[base], let reference = element.contentReference, let hash = reference.firstIndex(of: "#") {
                base = String(reference[reference.index(after: hash)...])
            }
            if map[base + "." + name] != nil || map[base + "." + name + "[x]"] != nil { return true }
        }
        return false
    }
}
