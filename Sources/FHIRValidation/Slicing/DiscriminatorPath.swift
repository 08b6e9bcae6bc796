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
    /// `value.ofType(Quantity)` → `valueQuantity`), or an extension URL; worked out once. Plain
    /// values over one block of bytes, so that reading a step retains nothing.
    private let navigation: [Navigation]
    /// The names and URLs the steps compare, as UTF-8 bytes.
    private let navigationBytes: [UInt8]

    private struct Navigation: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            /// A name, or a choice prefix that also matches its typed names.
            case nameOrChoice
            /// Exactly a name (the typed name of an `ofType`).
            case exactName
            /// `extension` with this URL.
            case extensionURL
        }

        let kind: Kind
        /// Where the name (the URL, for an extension) is in `navigationBytes`.
        let text: Range<Int>
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
        var bytes: [UInt8] = []
        func stored(_ string: String) -> Range<Int> {
            let start = bytes.count
            bytes.append(contentsOf: string.utf8)
            return start..<bytes.count
        }
        navigation = steps.indices.compactMap { i in
            switch steps[i] {
            case .name(let name):
                guard i + 1 < steps.count, case .ofType(let type) = steps[i + 1] else { return Navigation(kind: .nameOrChoice, text: stored(name)) }
                return Navigation(kind: .exactName, text: stored(name + type.prefix(1).uppercased() + type.dropFirst()))
            case .extensionURL(let url): return Navigation(kind: .extensionURL, text: stored(url))
            case .this, .resolve, .ofType: return nil  // `ofType` is applied with the preceding name
            }
        }
        navigationBytes = bytes
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
        withSteps { steps, bytes in
            var current = [element]
            for step in steps {
                current = current.flatMap { node in node.children.filter { Self.reaches($0, by: step, bytes) } }
            }
            return current
        }
    }

    /// True when some node the path reaches satisfies `predicate`, found depth first without
    /// building the node lists (the common discriminators: `value`, `pattern`, `exists`); the
    /// nodes are visited as `ElementRef`s, valid for the call. O(nodes visited).
    func anyNode(from element: ElementRef, where predicate: (ElementRef) -> Bool) -> Bool {
        withSteps { steps, bytes in Self.anyNode(from: element, steps: steps, at: 0, bytes: bytes, where: predicate) }
    }

    /// Runs `body` with the navigation steps and their bytes, borrowed once for a whole
    /// navigation (rather than retained at each step).
    private func withSteps<Result>(_ body: (UnsafeBufferPointer<Navigation>, UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        navigation.withUnsafeBufferPointer { steps in navigationBytes.withUnsafeBufferPointer { body(steps, $0) } }
    }

    private static func anyNode(from element: ElementRef, steps: UnsafeBufferPointer<Navigation>, at index: Int,
                                bytes: UnsafeBufferPointer<UInt8>, where predicate: (ElementRef) -> Bool) -> Bool {
        guard index < steps.count else { return predicate(element) }
        let step = steps[index]
        var slot = 0
        while let found = element.nextChildSlot(from: slot, where: { reaches($0, by: step, bytes) }) {
            slot = found + 1
            let child = element.child(at: found)
            if step.kind == .extensionURL, !hasURL(child, step, bytes) { continue }
            if anyNode(from: child, steps: steps, at: index + 1, bytes: bytes, where: predicate) { return true }
        }
        return false
    }

    /// True when a child is reached by one navigation step: its name (a choice name also by its
    /// typed names, `value` → `valueQuantity`), or the extension with the step's URL.
    private static func reaches(_ child: Element, by step: Navigation, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        reaches(child.nameBytes, by: step, bytes) && (step.kind != .extensionURL || hasURL(ElementRef(child), step, bytes))
    }

    /// True when a name is the one a step follows (`extension`, for an extension step). O(name).
    private static func reaches(_ name: UnsafeBufferPointer<UInt8>, by step: Navigation, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = UnsafeBufferPointer(rebasing: bytes[step.text])
        switch step.kind {
        case .nameOrChoice: return name.isNameOrTypedChoiceName(of: text)
        case .exactName: return name.isSameBytes(as: text)
        case .extensionURL: return name.isText("extension")
        }
    }

    /// True when an extension has the URL an extension step names. O(URL).
    private static func hasURL(_ child: ElementRef, _ step: Navigation, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let url = child.childValueBytes("url") else { return false }
        return url.isSameBytes(as: UnsafeBufferPointer(rebasing: bytes[step.text]))
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
