import FHIRElements

/// A slicing discriminator path (the FHIRPath subset R4 allows there), compiled to steps.
///
/// Steps: element names (a choice prefix matches its typed names), `$this`,
/// `extension('url')`, `ofType(Type)` and `resolve()` (a final `resolve()` of a `type` or
/// `profile` discriminator is followed to a contained or same-Bundle target; elsewhere it
/// makes the discriminator undecidable).
struct DiscriminatorPath: Sendable, Hashable {
    enum Step: Sendable, Hashable {
        case this
        case name(String)
        case extensionURL(String)
        case ofType(String)
        case resolve
    }

    let steps: [Step]
    /// True when the path ends in `resolve()` and has no other `resolve()`.
    let endsInResolve: Bool
    /// What instance navigation does per step: a name (with the typed name `ofType` picks,
    /// `value.ofType(Quantity)` → `valueQuantity`), or an extension URL; worked out once.
    private let navigation: [Navigation]

    private enum Navigation: Sendable, Hashable {
        case name(String, typed: String?)
        case extensionURL(String)
    }

    init(_ text: String) {
        var steps: [Step] = []
        for segment in Self.segments(text) {
            if segment == "$this" { steps.append(.this) }
            else if segment == "resolve()" { steps.append(.resolve) }
            else if segment.hasPrefix("extension("), let url = Self.argument(segment) { steps.append(.extensionURL(url)) }
            else if segment.hasPrefix("ofType("), let type = Self.argument(segment) { steps.append(.ofType(type)) }
            else { steps.append(.name(segment)) }
        }
        self.steps = steps
        endsInResolve = steps.last == .resolve && steps.filter { $0 == .resolve }.count == 1
        navigation = steps.indices.compactMap { i in
            switch steps[i] {
            case .name(let name):
                guard i + 1 < steps.count, case .ofType(let type) = steps[i + 1] else { return .name(name, typed: nil) }
                return .name(name, typed: name + type.prefix(1).uppercased() + type.dropFirst())
            case .extensionURL(let url): return .extensionURL(url)
            case .this, .resolve, .ofType: return nil  // `ofType` is applied with the preceding name
            }
        }
    }

    /// Splits on dots outside parentheses and quotes.
    private static func segments(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for c in text {
            switch c {
            case "'": quoted.toggle(); current.append(c)
            case "(" where !quoted: depth += 1; current.append(c)
            case ")" where !quoted: depth -= 1; current.append(c)
            case "." where !quoted && depth == 0: result.append(current); current = ""
            default: current.append(c)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    private static func argument(_ segment: String) -> String? {
        guard let open = segment.firstIndex(of: "("), let close = segment.lastIndex(of: ")") else { return nil }
        return String(segment[segment.index(after: open)..<close]).trimmingCharacters(in: ["'", "\"", " "])
    }

    var isResolvable: Bool { !steps.contains(.resolve) }

    /// The instance nodes the path reaches from an element. O(nodes visited).
    func nodes(from element: Element) -> [Element] {
        var current = [element]
        for step in navigation {
            current = current.flatMap { node in node.children.filter { Self.reaches($0, by: step) } }
        }
        return current
    }

    /// True when some node the path reaches satisfies `predicate`, found depth first without
    /// building the node lists (the common discriminators: `value`, `pattern`, `exists`).
    /// O(nodes visited).
    func anyNode(from element: Element, where predicate: (Element) -> Bool) -> Bool {
        anyNode(from: element, step: 0, where: predicate)
    }

    private func anyNode(from element: Element, step index: Int, where predicate: (Element) -> Bool) -> Bool {
        guard index < navigation.count else { return predicate(element) }
        return navigation.withUnsafeBufferPointer { steps in
            element.containsChild { child in
                Self.reaches(child, by: steps[index]) && anyNode(from: child, step: index + 1, where: predicate)
            }
        }
    }

    /// True when a child is reached by one navigation step: its name (a choice name also by its
    /// typed names, `value` → `valueQuantity`), or the extension with the step's URL.
    private static func reaches(_ child: Element, by step: Navigation) -> Bool {
        switch step {
        case .name(_, let typed?): return child.name.isSameName(as: typed)
        case .name(let name, nil): return child.name.isNameOrTypedChoiceName(of: name)
        case .extensionURL(let url): return child.name == "extension" && child.childValue("url") == url
        }
    }

    /// `valueQuantity` is a typed name of the choice `value`.
    static func isChoice(_ name: String, of prefix: String) -> Bool {
        name.isTypedChoiceName(of: prefix)
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
