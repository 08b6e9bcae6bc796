/// Turns a JSON document into the element tree by FHIR's JSON rules.
///
/// Applies the JSON representation (http://hl7.org/fhir/R4/json.html): arrays
/// become repeated siblings, `_name` objects merge into their primitive (with
/// `null` placeholders aligning arrays), `resourceType` marks resources, and a
/// narrative `div` is parsed as XHTML. Problems of form are reported as issues;
/// building goes on past them.
struct JSONElementBuilder {
    private(set) var issues: [Issue] = []

    /// Where the builder is: one step (a name, with an index inside an array) below the first
    /// `depth` steps of `ancestors`. Rendered to a FHIRPath expression only when an issue needs
    /// it; being a plain value, it costs no allocation per element.
    struct Trail {
        let name: String
        let index: Int?
        let depth: Int

        static func root(_ name: String) -> Trail { Trail(name: name, index: nil, depth: 0) }
    }

    /// The steps above the element being built, outermost first (pushed on the way down).
    private var ancestors: [Trail] = []
    /// The properties of the objects being built, innermost last (see `buildChildren`).
    private var pending: [PendingProperty] = []

    private func text(_ trail: Trail) -> String {
        var text = ""
        for step in ancestors[..<trail.depth] + [trail] {
            if !text.isEmpty { text += "." }
            text += step.name
            if let index = step.index { text += "[\(index)]" }
        }
        return text
    }

    /// A child of the element being built (whose own trail is the last of `ancestors`).
    private func child(_ name: String, index: Int? = nil) -> Trail {
        Trail(name: name, index: index, depth: ancestors.count)
    }

    /// Builds the tree for a root resource, or nil when the root is not a resource.
    mutating func buildResource(_ root: JSONNode) -> Element? {
        guard case .object(let members) = root.kind else {
            report(.fatal, .structure, "json.root-not-object",
                   "The JSON document must be an object holding a resource, not \(article(root.kindDescription))", nil, root.position)
            return nil
        }
        guard let type = resourceType(of: members, at: root.position, path: nil) else { return nil }
        let children = buildChildren(members, path: .root(type), skipResourceType: true)
        return Element(name: type, children: children, position: root.position, resourceType: type, isComplex: true)
    }

    private func resourceType(of members: [JSONNode.Member]) -> JSONNode? {
        members.first { $0.key.isSameName(as: "resourceType") }?.value
    }

    private mutating func resourceType(of members: [JSONNode.Member], at position: SourcePosition, path: Trail?) -> String? {
        guard let node = resourceType(of: members) else {
            report(.fatal, .structure, "json.no-resource-type",
                   "Unable to find resourceType property", path, position)
            return nil
        }
        guard case .string(let type) = node.kind, !type.isEmpty else {
            report(.fatal, .structure, "json.bad-resource-type",
                   "The property resourceType must be a string naming a resource type", path, node.position)
            return nil
        }
        return type
    }

    private struct PendingProperty {
        var name: String
        var position: SourcePosition
        var main: JSONNode?
        var extra: JSONNode?
    }

    /// Objects are small: properties are gathered with linear scans rather than hashing.
    private mutating func buildChildren(_ members: [JSONNode.Member], path: Trail, skipResourceType: Bool) -> [Element] {
        ancestors.append(path)
        defer { ancestors.removeLast() }
        // Properties are gathered in a scratch stack shared by all objects (nested objects push
        // above this one's and pop before it goes on), so no object allocates its own list.
        let base = pending.count
        defer { pending.removeLast(pending.count - base) }
        for (i, member) in members.enumerated() {
            if skipResourceType && member.key.isSameName(as: "resourceType") { continue }
            if member.key.isSameName(as: "fhir_comments") { continue }
            if members[..<i].contains(where: { $0.key.isSameName(as: member.key) }) {
                report(.error, .structure, "json.duplicate-property",
                       "Duplicated property name: \(member.key)", child(member.key), member.keyPosition)
                continue
            }
            let isExtra = member.key.utf8.first == UInt8(ascii: "_") && member.key.utf8.count > 1
            let name = isExtra ? String(member.key.dropFirst()) : member.key
            let slot: Int
            if let existing = pending[base...].firstIndex(where: { $0.name.isSameName(as: name) }) {
                slot = existing
            } else {
                pending.append(PendingProperty(name: name, position: member.keyPosition))
                slot = pending.count - 1
            }
            if isExtra { pending[slot].extra = member.value } else { pending[slot].main = member.value }
        }
        let end = pending.count
        var children: [Element] = []
        children.reserveCapacity(end - base)
        for slot in base..<end {
            let property = pending[slot]
            buildProperty(property, into: &children)
        }
        return children
    }

    /// The values of a property: none, one, or a JSON array's items (a null item is nil).
    private enum Items {
        case none
        case single(JSONNode)
        case array([JSONNode])

        var count: Int {
            switch self {
            case .none: return 0
            case .single: return 1
            case .array(let items): return items.count
            }
        }

        subscript(index: Int) -> JSONNode? {
            switch self {
            case .none: return nil
            case .single(let node): return index == 0 ? node : nil
            case .array(let items):
                guard index < items.count else { return nil }
                if case .null = items[index].kind { return nil }
                return items[index]
            }
        }
    }

    private mutating func buildProperty(_ property: PendingProperty, into children: inout [Element]) {
        let name = property.name
        let propertyPath = child(name)
        let mainItems: Items
        switch property.main?.kind {
        case .array(let items)?:
            if items.isEmpty {
                report(.error, .invalid, "json.empty-array",
                       "Array cannot be empty - the property should not be present if it has no values", propertyPath, property.main!.position)
                if property.extra == nil { return }
            }
            mainItems = .array(items)
        case .null?:
            report(.error, .invalid, "json.null-property",
                   "The property \(name) must be a value, not a Null", propertyPath, property.main!.position)
            return
        case nil:
            mainItems = .none
        default:
            mainItems = .single(property.main!)
        }
        let extraItems: Items
        switch property.extra?.kind {
        case .array(let items)?:
            extraItems = .array(items)
        case .object?:
            extraItems = .single(property.extra!)
        case nil:
            extraItems = .none
        default:
            report(.error, .structure, "json.bad-underscore",
                   "The property _\(name) must be an Object or an Array of Objects, not \(article(property.extra!.kindDescription))",
                   propertyPath, property.extra!.position)
            extraItems = .none
        }
        let mainIsArray: Bool = { if case .array = mainItems { return true } else { return false } }()
        let extraIsArray: Bool = { if case .array = extraItems { return true } else { return false } }()
        if case .none = mainItems {} else if case .none = extraItems {} else if mainItems.count != extraItems.count || mainIsArray != extraIsArray {
            report(.error, .structure, "json.underscore-mismatch",
                   "The arrays \(name) and _\(name) must have the same number of items (\(mainItems.count) vs \(extraItems.count))",
                   propertyPath, property.extra!.position)
        }
        let count = max(mainItems.count, extraItems.count)
        let isArray = mainIsArray || extraIsArray
        for index in 0..<count {
            let main = mainItems[index]
            let extra = extraItems[index]
            let itemPath = isArray ? child(name, index: index) : propertyPath
            guard main != nil || extra != nil else {
                report(.error, .structure, "json.null-item",
                       "The array \(name) has a null at index \(index) without a matching _\(name) entry", itemPath,
                       (property.main ?? property.extra)!.position)
                continue
            }
            children.append(buildValue(name: name, main: main, extra: extra, path: itemPath, fallback: property.position,
                                       shape: isArray ? .arrayMember : .single, arrayIndex: index))
        }
    }

    private mutating func buildValue(name: String, main: JSONNode?, extra: JSONNode?, path: Trail, fallback: SourcePosition,
                                     shape: Element.Shape, arrayIndex: Int) -> Element {
        let position = main?.position ?? extra?.position ?? fallback
        var value: String?
        var valueKind = Element.ValueKind.string
        var children: [Element] = []
        var heldType: String?
        var xhtml: XMLNode?
        var isComplex = false
        if let main {
            switch main.kind {
            case .object(let members):
                isComplex = true
                if let typeNode = resourceType(of: members) {
                    if case .string(let type) = typeNode.kind { heldType = type }
                    children = buildChildren(members, path: path, skipResourceType: true)
                } else {
                    children = buildChildren(members, path: path, skipResourceType: false)
                }
            case .array:
                report(.error, .structure, "json.nested-array",
                       "An array cannot directly contain another array", path, main.position)
            case .string(let s):
                value = s
                if name == "div" { xhtml = parseXHTML(s, path: path, at: main.position) }
            case .number(let text):
                value = text
                valueKind = .number
            case .bool(let b):
                value = b ? "true" : "false"
                valueKind = .boolean
            case .null:
                break
            }
        }
        if let extra, case .object(let members) = extra.kind {
            if isComplex {
                report(.error, .structure, "json.underscore-on-object",
                       "The property _\(name) is only allowed beside a primitive value", path, extra.position)
            } else {
                children = buildChildren(members, path: path, skipResourceType: false)
            }
        }
        return Element(name: name, value: value, valueKind: valueKind, shape: shape, arrayIndex: arrayIndex, children: children,
                       position: position, resourceType: heldType, xhtml: xhtml, isComplex: isComplex)
    }

    private mutating func parseXHTML(_ text: String, path: Trail, at position: SourcePosition) -> XMLNode? {
        do {
            return try XMLReader.parseFragment(Array(text.utf8))
        } catch {
            report(.error, .invalid, "xhtml.syntax",
                   "The narrative XHTML is not well-formed: \(error.message) (at \(error.position) in the div)", path, position)
            return nil
        }
    }

    private mutating func report(
        _ severity: Issue.Severity, _ code: IssueCode, _ id: String, _ message: String,
        _ expression: Trail?, _ position: SourcePosition
    ) {
        issues.append(Issue(severity: severity, code: code, messageID: id, message: message,
                            expression: expression.map(text), position: position))
    }
}

/// "an Object", "a Primitive property", for messages.
func article(_ noun: String) -> String {
    guard let first = noun.first else { return noun }
    return ("AEIOU".contains(first) ? "an " : "a ") + noun
}
