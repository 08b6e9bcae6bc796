import FHIRElements
import FHIRPackages
import Foundation

/// A `TerminologyProvider` over the CodeSystems and ValueSets of loaded packages and files.
///
/// Value sets are expanded on first use (include/exclude of whole systems, concept lists,
/// `is-a`, `descendent-of`, `is-not-a` and `=` filters on a loaded hierarchy, imported value
/// sets) and cached; anything that cannot be expanded offline marks the expansion incomplete.
/// Safe to share between threads.
public final class PackageTerminology: TerminologyProvider, @unchecked Sendable {
    private let index: ConformanceIndex
    private let systems = ConcurrentCache<String, CodeSystemContent?>()
    private let expansions = ConcurrentCache<String, ValueSetExpansion?>()
    private var expanding = Set<String>()
    private let compiledRules = ConcurrentCache<String, ValueSetRules?>()
    /// Answers for codes of the built-in grammars, which instances repeat (`cm`, `kg`, `en-GB`);
    /// bounded, since the codes come from the input.
    let builtInLookups = ConcurrentCache<SystemCode, ConceptLookup>(limit: 10_000)
    /// SNOMED CT, dm+d and ODS, when a cache with releases is open.
    public let release: ReleaseStore?
    /// Serialises loading and expansion, which recurse through imported value sets.
    private let lock = NSRecursiveLock()

    private func cachedSystem(_ canonical: String) -> CodeSystemContent?? {
        systems[canonical]
    }

    private func cachedExpansion(_ canonical: String) -> ValueSetExpansion?? {
        expansions[canonical]
    }

    public init(index: ConformanceIndex, release: ReleaseStore? = nil) {
        self.index = index
        self.release = release
    }

    /// O(1) after the first lookup of a canonical.
    public func codeSystem(_ canonical: String) -> CodeSystemContent? {
        if let cached = cachedSystem(canonical) { return cached }
        lock.lock()
        defer { lock.unlock() }
        if let cached = cachedSystem(canonical) { return cached }
        let content = index.entry(canonical: canonical).flatMap { entry -> CodeSystemContent? in
            guard entry.summary.resourceType == "CodeSystem", let resource = index.resource(entry) else { return nil }
            return CodeSystemContent(resource)
        }
        systems.insert(content, for: canonical)
        return content
    }

    /// O(1) after the first expansion of a value set.
    public func expansion(of valueSet: String) -> ValueSetExpansion? {
        if let cached = cachedExpansion(valueSet) { return cached }
        lock.lock()
        defer { lock.unlock() }
        if let cached = cachedExpansion(valueSet) { return cached }
        guard let entry = index.entry(canonical: valueSet), entry.summary.resourceType == "ValueSet",
              let resource = index.resource(entry) else {
            store(nil, for: valueSet)
            return nil
        }
        guard expanding.insert(valueSet).inserted else { return nil }  // a cycle of imports
        let result = expand(resource, url: valueSet)
        expanding.remove(valueSet)
        store(result, for: valueSet)
        return result
    }

    private func store(_ expansion: ValueSetExpansion?, for canonical: String) {
        expansions.insert(expansion, for: canonical)
    }

    private func expand(_ resource: Element, url: String) -> ValueSetExpansion {
        var result = ValueSetExpansion(url: url, name: resource.childValue("title") ?? resource.childValue("name"),
                                       codes: [], isComplete: true, systems: [])
        if let expansion = resource.child("expansion"), resource.child("compose") == nil {
            collect(expansion.children(named: "contains"), into: &result)
            return result
        }
        guard let compose = resource.child("compose") else {
            result.isComplete = false
            return result
        }
        for include in compose.children(named: "include") {
            let (codes, complete, systems) = codes(of: include)
            result.codes.formUnion(codes)
            result.systems.formUnion(systems)
            if !complete { result.isComplete = false }
        }
        for exclude in compose.children(named: "exclude") {
            let (codes, _, _) = codes(of: exclude)
            result.codes.subtract(codes)
        }
        return result
    }

    private func collect(_ contains: [Element], into result: inout ValueSetExpansion) {
        for item in contains {
            if let system = item.childValue("system"), let code = item.childValue("code") {
                result.codes.insert(SystemCode(system: system, code: code))
                result.systems.insert(system)
            }
            collect(item.children(named: "contains"), into: &result)
        }
    }

    /// The compiled rules of a value set's compose, or nil when it is not loaded. O(1) after the first call.
    func rules(for valueSet: String) -> ValueSetRules? {
        if let cached = compiledRules[valueSet] { return cached }
        lock.lock()
        defer { lock.unlock() }
        if let cached = compiledRules[valueSet] { return cached }
        var result: ValueSetRules?
        if let entry = index.entry(canonical: valueSet), entry.summary.resourceType == "ValueSet",
           let compose = index.resource(entry)?.child("compose") {
            result = ValueSetRules(includes: compose.children(named: "include").map(rule), excludes: compose.children(named: "exclude").map(rule))
        }
        compiledRules.insert(result, for: valueSet)
        return result
    }

    private func rule(_ part: Element) -> ValueSetRules.Rule {
        let system = part.childValue("system")
        let listed = part.children(named: "concept").compactMap { $0.childValue("code") }
        var rule = ValueSetRules.Rule(system: system, concepts: listed.isEmpty ? nil : Set(listed), filters: [],
                                      valueSets: part.children(named: "valueSet").compactMap(\.value), packageCodes: [], packageComplete: false)
        if let system, ReleaseLookup.handles(system) {
            rule.filters = part.children(named: "filter").map { filter in
                ValueSetRules.filter(system: system, property: filter.childValue("property") ?? "", op: filter.childValue("op") ?? "",
                                     value: filter.childValue("value") ?? "")
            }
        } else if system != nil {
            var systemOnly = part
            if !rule.valueSets.isEmpty {
                // The part's own codes, without the imported value sets (evaluated separately).
                systemOnly = Element(name: part.name, children: part.children.filter { $0.name != "valueSet" }, position: part.position)
            }
            let (codes, complete, _) = codes(of: systemOnly)
            rule.packageCodes = Set(codes.map(\.code))
            rule.packageComplete = complete
        }
        return rule
    }

    /// The codes one include/exclude selects, whether that is certain, and its systems.
    private func codes(of part: Element) -> (Set<SystemCode>, Bool, Set<String>) {
        var complete = true
        var selected: Set<SystemCode>?
        var systemsUsed = Set<String>()
        if let system = part.childValue("system") {
            systemsUsed.insert(system)
            let canonical = part.childValue("version").map { system + "|" + $0 } ?? system
            let content = codeSystem(canonical) ?? codeSystem(system)
            let concepts = part.children(named: "concept").compactMap { $0.childValue("code") }
            let filters = part.children(named: "filter")
            var codes = Set<SystemCode>()
            if !concepts.isEmpty {
                codes = Set(concepts.map { SystemCode(system: system, code: $0) })
            } else if let content, content.isComplete {
                var all = content.order
                for filter in filters {
                    guard let matched = apply(filter, to: all, in: content) else { complete = false; break }
                    all = matched
                }
                codes = Set(all.map { SystemCode(system: system, code: $0) })
            } else {
                complete = false
            }
            selected = codes
        }
        for imported in part.children(named: "valueSet").compactMap(\.value) {
            guard let expansion = expansion(of: imported) else { complete = false; continue }
            if !expansion.isComplete { complete = false }
            systemsUsed.formUnion(expansion.systems)
            selected = selected.map { $0.intersection(expansion.codes) } ?? expansion.codes
        }
        return (selected ?? [], complete, systemsUsed)
    }

    /// The codes a filter keeps, or nil when the filter cannot be evaluated here.
    private func apply(_ filter: Element, to codes: [String], in content: CodeSystemContent) -> [String]? {
        guard let property = filter.childValue("property"), let op = filter.childValue("op"),
              let value = filter.childValue("value") else { return nil }
        let list = Set(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        switch (property, op) {
        case ("concept", "is-a"): return codes.filter { content.subsumes(value, $0) }
        case ("concept", "descendent-of"): return codes.filter { $0 != value && content.subsumes(value, $0) }
        case ("concept", "is-not-a"): return codes.filter { !content.subsumes(value, $0) }
        case ("concept", "generalizes"): return codes.filter { content.subsumes($0, value) }
        case ("concept", "child-of"), ("parent", "="): return codes.filter { content.concept($0)?.parents.contains(value) == true }
        case ("concept", "="), ("code", "="): return codes.filter { $0 == value }
        case ("concept", "in"), ("code", "in"): return codes.filter { list.contains($0) }
        case ("concept", "not-in"), ("code", "not-in"): return codes.filter { !list.contains($0) }
        case ("concept", "regex"), ("code", "regex"):
            guard let regex = try? NSRegularExpression(pattern: "^(?:" + value + ")$") else { return nil }
            return codes.filter { Self.matches(regex, $0) }
        case ("display", "="): return codes.filter { content.concept($0)?.display == value }
        case (_, "="): return codes.filter { content.concept($0)?.properties[property]?.contains(value) == true }
        case (_, "in"): return codes.filter { content.concept($0)?.properties[property]?.contains(where: list.contains) == true }
        case (_, "not-in"): return codes.filter { content.concept($0)?.properties[property]?.contains(where: list.contains) != true }
        case (_, "exists"):
            let wanted = value == "true"
            return codes.filter { (content.concept($0)?.properties[property]?.isEmpty == false) == wanted }
        case (_, "regex"):
            guard let regex = try? NSRegularExpression(pattern: "^(?:" + value + ")$") else { return nil }
            return codes.filter { content.concept($0)?.properties[property]?.contains { Self.matches(regex, $0) } == true }
        default: return nil
        }
    }

    private static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
