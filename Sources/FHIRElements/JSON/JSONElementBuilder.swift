/// Turns a JSON document into the element tree by FHIR's JSON rules.
///
/// Applies the JSON representation (http://hl7.org/fhir/R4/json.html): arrays
/// become repeated siblings, `_name` objects merge into their primitive (with
/// `null` placeholders aligning arrays), `resourceType` marks resources, and a
/// narrative `div` is parsed as XHTML. Problems of form are reported as issues;
/// building goes on past them.
struct JSONElementBuilder {
    private(set) var issues: [Issue] = []
    /// The document being built from.
    private var tape: JSONTape
    /// The workspace's kept texts, when building with one (the workspace owns them while the
    /// builder runs: read without a retain and release per text).
    private let strings: Unmanaged<StringInterner>?
    /// Where the tree is written.
    private var writer: ElementTreeWriter

    /// A builder of the tree of `tape`, using a workspace's buffers and its kept texts (`strings`,
    /// which the workspace owns) when given them.
    init(tape: JSONTape, workspace: ParseWorkspace? = nil, strings: StringInterner? = nil) {
        self.tape = tape
        self.strings = strings.map { Unmanaged.passUnretained($0) }
        writer = workspace?.takeWriter() ?? ElementTreeWriter()
        if let workspace {
            swap(&ancestors, &workspace.ancestors)
            swap(&pending, &workspace.pending)
            swap(&keys, &workspace.keys)
        }
        // The scratch stacks grow to the document's depth and widest objects: reserved once
        // rather than regrown from empty for every document.
        ancestors.reserveCapacity(16)
        pending.reserveCapacity(32)
        keys.reserveCapacity(64)
    }

    /// Gives the tape's entries and the scratch stacks back to a workspace, emptied (with their
    /// capacity), for the next document. The builder is spent afterwards.
    mutating func recycle(into workspace: ParseWorkspace) {
        swap(&tape.entries, &workspace.entries)
        swap(&ancestors, &workspace.ancestors)
        swap(&pending, &workspace.pending)
        swap(&keys, &workspace.keys)
        workspace.writer = writer
        // A very large document's tape is not held on to (its size is the document's).
        if workspace.entries.capacity > 1 << 16 { workspace.entries = [] } else { workspace.entries.removeAll(keepingCapacity: true) }
        workspace.ancestors.removeAll(keepingCapacity: true)
        workspace.pending.removeAll(keepingCapacity: true)
        workspace.keys.removeAll(keepingCapacity: true)
    }

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
    /// The distinct keys of the plain objects being built, innermost last (see `buildPlainChildren`).
    private var keys: [Int] = []

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

    /// The document's bytes while `buildResource` runs: texts are read from them directly.
    private var source = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    /// The text of a string, key or number entry: one the workspace kept when the document
    /// repeats it. O(length).
    private func text(_ index: Int) -> String {
        let entry = tape.entries[index]
        guard !entry.flag else { return tape.text(index, in: source) }
        return StringInterner.string(UnsafeBufferPointer(rebasing: source[Int(entry.start)..<Int(entry.start + entry.length)]), keptIn: strings)
    }

    /// Builds the tree for a root resource, or nil when the root is not a resource.
    mutating func buildResource() -> Element? {
        tape.bytes.withUnsafeBufferPointer { bytes in
            source = bytes
            defer { source = UnsafeBufferPointer(start: nil, count: 0) }
            return buildRoot()
        }
    }

    private mutating func buildRoot() -> Element? {
        let root = 0
        let position = tape.entries[root].position
        guard tape.entries[root].kind == .object else {
            report(.fatal, .structure, "json.root-not-object",
                   "The JSON document must be an object holding a resource, not \(article(kindDescription(root)))", nil, position)
            return nil
        }
        guard let type = resourceType(of: root, at: position, path: nil) else { return nil }
        let opened = writer.open()
        buildChildren(root, path: .root(type), skipResourceType: true)
        writer.close(opened, name: type, position: position, resourceType: type, isComplex: true)
        return writer.finish().root
    }

    /// The JSON type name used in messages (`an Object`, `a Primitive property`).
    private func kindDescription(_ index: Int) -> String {
        switch tape.entries[index].kind {
        case .object: return "Object"
        case .array: return "Array"
        case .string, .number, .bool, .key: return "Primitive property"
        case .null: return "Null"
        }
    }

    /// The value of an object's `resourceType` member, if it has one. O(members).
    private func resourceTypeValue(of object: Int) -> Int? {
        tape.firstMember(of: object) { tape.text($0, is: "resourceType", in: source) }.map { $0 + 1 }
    }

    /// Keys that are not properties of the element: `fhir_comments`, and `resourceType` where the
    /// object is a resource.
    private func isIgnoredKey(_ key: Int, skipResourceType: Bool) -> Bool {
        (skipResourceType && tape.text(key, is: "resourceType", in: source)) || tape.text(key, is: "fhir_comments", in: source)
    }

    private mutating func resourceType(of object: Int, at position: SourcePosition, path: Trail?) -> String? {
        guard let node = resourceTypeValue(of: object) else {
            report(.fatal, .structure, "json.no-resource-type",
                   "Unable to find resourceType property", path, position)
            return nil
        }
        guard tape.entries[node].kind == .string, tape.entries[node].length > 0 else {
            report(.fatal, .structure, "json.bad-resource-type",
                   "The property resourceType must be a string naming a resource type", path, tape.entries[node].position)
            return nil
        }
        return tape.text(node, in: source)
    }

    /// A property being gathered: its name and the tape indices of its value and `_name` value.
    struct PendingProperty {
        var name: String
        var position: SourcePosition
        var main: Int = -1
        var extra: Int = -1
    }

    /// Objects are small: properties are gathered with linear scans rather than hashing.
    private mutating func buildChildren(_ object: Int, path: Trail, skipResourceType: Bool) {
        ancestors.append(path)
        defer { ancestors.removeLast() }
        if !tape.hasUnderscoreKey(object) { return buildPlainChildren(object, skipResourceType: skipResourceType) }
        // Properties are gathered in a scratch stack shared by all objects (nested objects push
        // above this one's and pop before it goes on), so no object allocates its own list.
        let base = pending.count
        defer { while pending.count > base { pending.removeLast() } }  // one at a time: `removeLast(_:)` takes a generic path
        var key = object + 1
        let end = tape.next(object)
        while key < end {
            let value = key + 1
            defer { key = tape.next(value) }
            if isIgnoredKey(key, skipResourceType: skipResourceType) { continue }
            let keyText = text(key)
            let isExtra = keyText.utf8.first == UInt8(ascii: "_") && keyText.utf8.count > 1
            let name = isExtra ? String(keyText.dropFirst()) : keyText
            let slot: Int
            if let existing = pending[base...].firstIndex(where: { $0.name.isSameName(as: name) }) {
                slot = existing
            } else {
                pending.append(PendingProperty(name: name, position: tape.entries[key].position))
                slot = pending.count - 1
            }
            // A key seen before in this object left its value in the slot.
            if (isExtra ? pending[slot].extra : pending[slot].main) >= 0 {
                report(.error, .structure, "json.duplicate-property",
                       "Duplicated property name: \(keyText)", child(keyText), tape.entries[key].position)
                continue
            }
            if isExtra { pending[slot].extra = value } else { pending[slot].main = value }
        }
        for slot in base..<pending.count {
            buildProperty(pending[slot])
        }
    }

    /// The children of an object without `_name` keys (most objects): no property merges with
    /// another, so each key is built as it comes, with the same findings in the same order as
    /// `buildChildren` gives: repeated keys first (reported, their values ignored), then the
    /// properties. Keys are compared as bytes.
    private mutating func buildPlainChildren(_ object: Int, skipResourceType: Bool) {
        let base = keys.count
        defer { while keys.count > base { keys.removeLast() } }
        var key = object + 1
        let end = tape.next(object)
        while key < end {
            defer { key = tape.next(key + 1) }
            if isIgnoredKey(key, skipResourceType: skipResourceType) { continue }
            if keys[base...].contains(where: { tape.sameKey($0, key, in: source) }) {
                let keyText = tape.text(key, in: source)
                report(.error, .structure, "json.duplicate-property",
                       "Duplicated property name: \(keyText)", child(keyText), tape.entries[key].position)
                continue
            }
            keys.append(key)
        }
        for slot in base..<keys.count {
            let key = keys[slot]
            buildProperty(PendingProperty(name: text(key), position: tape.entries[key].position, main: key + 1))
        }
    }

    /// Walks the values of a property: none, one, or a JSON array's items (a null item is nil).
    private struct Items {
        var count = 0
        var isArray = false
        private var cursor = -1
        private var isNullable = false

        init(_ tape: borrowing JSONTape, _ index: Int) {
            guard index >= 0 else { return }
            if tape.entries[index].kind == .array {
                count = tape.count(index)
                isArray = true
                cursor = index + 1
                isNullable = true
            } else {
                count = 1
                cursor = index
            }
        }

        /// The next item's tape index, or nil for a JSON null in an array. Called at most `count` times.
        mutating func next(_ tape: borrowing JSONTape) -> Int? {
            let item = cursor
            if isArray { cursor = tape.next(item) }
            if isNullable && tape.entries[item].kind == .null { return nil }
            return item
        }
    }

    private mutating func buildProperty(_ property: PendingProperty) {
        let name = property.name
        let propertyPath = child(name)
        if property.main >= 0 {
            let main = tape.entries[property.main]
            switch main.kind {
            case .array where main.length == 0:
                report(.error, .invalid, "json.empty-array",
                       "Array cannot be empty - the property should not be present if it has no values", propertyPath, main.position)
                if property.extra < 0 { return }
            case .null:
                report(.error, .invalid, "json.null-property",
                       "The property \(name) must be a value, not a Null", propertyPath, main.position)
                return
            default:
                break
            }
        }
        var mainItems = Items(tape, property.main)
        var extra = property.extra
        if extra >= 0, tape.entries[extra].kind != .array, tape.entries[extra].kind != .object {
            report(.error, .structure, "json.bad-underscore",
                   "The property _\(name) must be an Object or an Array of Objects, not \(article(kindDescription(extra)))",
                   propertyPath, tape.entries[extra].position)
            extra = -1
        }
        var extraItems = Items(tape, extra)
        if property.main >= 0, extra >= 0,
           mainItems.count != extraItems.count || mainItems.isArray != extraItems.isArray {
            report(.error, .structure, "json.underscore-mismatch",
                   "The arrays \(name) and _\(name) must have the same number of items (\(mainItems.count) vs \(extraItems.count))",
                   propertyPath, tape.entries[extra].position)
        }
        let count = max(mainItems.count, extraItems.count)
        let isArray = mainItems.isArray || extraItems.isArray
        for index in 0..<count {
            let main = index < mainItems.count ? mainItems.next(tape) : nil
            let extraItem = index < extraItems.count ? extraItems.next(tape) : nil
            let itemPath = isArray ? child(name, index: index) : propertyPath
            guard main != nil || extraItem != nil else {
                report(.error, .structure, "json.null-item",
                       "The array \(name) has a null at index \(index) without a matching _\(name) entry", itemPath,
                       tape.entries[property.main >= 0 ? property.main : property.extra].position)
                continue
            }
            buildValue(name: name, main: main, extra: extraItem, path: itemPath, fallback: property.position,
                       shape: isArray ? .arrayMember : .single, arrayIndex: index)
        }
    }

    private mutating func buildValue(name: String, main: Int?, extra: Int?, path: Trail, fallback: SourcePosition,
                                     shape: Element.Shape, arrayIndex: Int) {
        let opened = writer.open()
        let position = main.map { tape.entries[$0].position } ?? extra.map { tape.entries[$0].position } ?? fallback
        var value: String?
        var valueKind = Element.ValueKind.string
        var heldType: String?
        var xhtml: XMLNode?
        var isComplex = false
        var contentDropped = false
        if let main {
            switch tape.entries[main].kind {
            case .object:
                isComplex = true
                if let typeNode = resourceTypeValue(of: main) {
                    if tape.entries[typeNode].kind == .string { heldType = text(typeNode) }
                    buildChildren(main, path: path, skipResourceType: true)
                } else {
                    buildChildren(main, path: path, skipResourceType: false)
                }
                contentDropped = writer.childCount(opened) == 0 && hasContent(main)
            case .array:
                report(.error, .structure, "json.nested-array",
                       "An array cannot directly contain another array", path, tape.entries[main].position)
            case .string, .key:
                let s = text(main)
                value = s
                if name == "div" { xhtml = parseXHTML(s, path: path, at: tape.entries[main].position) }
            case .number:
                value = text(main)
                valueKind = .number
            case .bool:
                value = tape.boolValue(main) ? "true" : "false"
                valueKind = .boolean
            case .null:
                break
            }
        }
        if let extra, tape.entries[extra].kind == .object {
            if isComplex {
                report(.error, .structure, "json.underscore-on-object",
                       "The property _\(name) is only allowed beside a primitive value", path, tape.entries[extra].position)
            } else {
                buildChildren(extra, path: path, skipResourceType: false)
            }
        }
        writer.close(opened, name: name, value: value, valueKind: valueKind, shape: shape, arrayIndex: arrayIndex,
                     position: position, resourceType: heldType, xhtml: xhtml, isComplex: isComplex, contentDropped: contentDropped)
    }

    /// True when an object has a member besides `resourceType` and `fhir_comments`. O(members).
    private func hasContent(_ object: Int) -> Bool {
        tape.firstMember(of: object) { !isIgnoredKey($0, skipResourceType: true) } != nil
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
