import FHIRElements

/// `fixed[x]` (exact) and `pattern[x]` (partial, deep) values of a profile element.
///
/// A fixed value must match exactly: every element it states, with nothing added but
/// `id` and extensions. A pattern must be contained: every element it states must be
/// present with the same value; repeating elements match when any instance item matches.
enum FixedPatternRule {
    static func checkFixed(_ element: Element, fixed: Element, source: String, expression: @autoclosure () -> String, sink: inout IssueSink) {
        if fixed.hasValue, fixed.children.isEmpty {
            if !element.hasSameValue(as: fixed) {
                let wanted = fixed.value ?? ""
                sink.add(.error, .value, "fixed.value",
                         "Value is '\(element.value ?? "")' but is fixed to '\(wanted)' in the profile \(source)", expression(), element.position)
            }
            return
        }
        if !conforms(element, to: fixed, exact: true), let difference = firstDifference(element, pattern: fixed, exact: true, path: "") {
            sink.add(.error, .value, "fixed.value",
                     "The value does not match the fixed value in the profile \(source): \(difference)", expression(), element.position)
        }
    }

    static func checkPattern(_ element: Element, pattern: Element, source: String, expression: @autoclosure () -> String, sink: inout IssueSink) {
        if !conforms(element, to: pattern, exact: false), let difference = firstDifference(element, pattern: pattern, exact: false, path: "") {
            sink.add(.error, .value, "pattern.value",
                     "The value does not match the pattern in the profile \(source): \(difference)", expression(), element.position)
        }
    }

    /// True when the element holds the pattern (`exact`: equals the fixed value), as
    /// `firstDifference` is nil, without building any description. Slice matching and the
    /// usual, matching case take this path. O(size of both).
    static func conforms(_ element: Element, to pattern: Element, exact: Bool) -> Bool {
        conforms(ElementRef(element), to: ElementRef(pattern), exact: exact)
    }

    /// `conforms` on views that do not retain their trees (the caller holds both): names and
    /// values are compared in place, and no view is made. O(size of both).
    static func conforms(_ element: ElementRef, to pattern: ElementRef, exact: Bool) -> Bool {
        if let wanted = pattern.valueBytes {
            guard let value = element.valueBytes, value.isSameBytes(as: wanted) else { return false }
        }
        for p in 0..<pattern.childCount {
            let wanted = pattern.child(at: p)
            let name = wanted.nameBytes
            var found = false
            var slot = 0
            // A repeating element matches when any of its instance items matches.
            while !found, let e = element.nextChildSlot(from: slot, where: { $0.isSameBytes(as: name) }) {
                slot = e + 1
                found = conforms(element.child(at: e), to: wanted, exact: exact)
            }
            guard found else { return false }
        }
        guard exact else { return true }
        return (0..<element.childCount).allSatisfy { e in
            let name = element.childNameBytes(at: e)
            return name.isText("id") || name.isText("extension")
                || (0..<pattern.childCount).contains { pattern.childNameBytes(at: $0).isSameBytes(as: name) }
        }
    }

    /// A description of the first way `element` fails to match, or nil when it matches.
    static func firstDifference(_ element: Element, pattern: Element, exact: Bool, path: String) -> String? {
        if let wanted = pattern.value, element.value != wanted {
            return "\(path.isEmpty ? "value" : path) is '\(element.value ?? "")', expected '\(wanted)'"
        }
        var byName: [String: [Element]] = [:]
        for child in element.children { byName[child.name, default: []].append(child) }
        for wanted in pattern.children {
            let childPath = path.isEmpty ? wanted.name : "\(path).\(wanted.name)"
            let candidates = byName[wanted.name] ?? []
            if candidates.isEmpty { return "\(childPath) is missing" }
            let differences = candidates.map { firstDifference($0, pattern: wanted, exact: exact, path: childPath) }
            if !differences.contains(where: { $0 == nil }) { return differences.compactMap { $0 }.first }
        }
        if exact {
            let stated = Set(pattern.children.map(\.name))
            if let extra = element.children.first(where: { !stated.contains($0.name) && $0.name != "id" && $0.name != "extension" }) {
                return "\(path.isEmpty ? extra.name : path + "." + extra.name) is present but not in the fixed value"
            }
        }
        return nil
    }
}
