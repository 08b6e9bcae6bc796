import FHIRElements
import Foundation

extension PackageTerminology {
    /// Looks a code up in the compiled releases (SNOMED CT, dm+d). O(log n).
    public func lookup(system: String, code: String) -> ConceptLookup {
        // Built-in grammars (UCUM, BCP-47, MIME) are parsed once per distinct code.
        let known = KnownCodeSystem(system)
        guard let known, known.isBuiltIn else { return ReleaseLookup.lookup(known, code: code, release: release) }
        return builtInLookups.value(for: SystemCode(system: system, code: code)) {
            ReleaseLookup.lookup(known, code: code, release: release)
        }
    }

    /// An ODS organisation in the compiled ODS data. O(log n).
    public func organisation(code: String) -> OrganisationLookup {
        guard let release, release.hasOds else { return .notLoaded }
        return release.organisation(code).map { .found($0) } ?? .unknown
    }

    /// A SNOMED CT description in the compiled release. O(log n).
    public func snomedDescription(_ id: String) -> DescriptionLookup {
        if let problem = SnomedIdentifier.descriptionProblem(id) { return .invalid(problem) }
        guard let release, release.hasSnomed, let number = Int64(id) else { return .notLoaded }
        if let description = release.description(number) { return .found(description) }
        guard release.snomedNamespaces.contains(SnomedIdentifier.namespace(number)) else { return .notLoaded }
        return .invalid("the compiled SNOMED CT release has no such description")
    }

    /// Whether a code is in a value set, from its complete expansion when there is one, else by
    /// testing the code against the compiled compose rules (SNOMED CT hierarchy and refsets,
    /// ECL, dm+d kinds) without expanding. Implicit SNOMED CT value sets (`?fhir_vs`) too.
    /// O(rules × closure probes) after the value set's first use.
    public func membership(system: String?, code: String, valueSet: String) -> Membership? {
        if valueSet.hasPrefix(SnomedIdentifier.system), let query = valueSet.range(of: "?fhir_vs") {
            return implicitSnomed(String(valueSet[query.upperBound...]), system: system, code: code)
        }
        if let expansion = expansion(of: valueSet), expansion.isComplete {
            let present = expansion.contains(system: system, code: code)
            return present ? .member : .notMember
        }
        guard let rules = rules(for: valueSet) else {
            guard let expansion = expansion(of: valueSet) else { return nil }
            let present = expansion.contains(system: system, code: code)
            return present ? .member : .unknown("the value set has no compose to evaluate")
        }
        var result = rules.includes.reduce(Membership.notMember) { Membership.or($0, evaluate($1, system: system, code: code)) }
        guard result != .notMember else { return result }
        for exclude in rules.excludes {
            switch evaluate(exclude, system: system, code: code) {
            case .member: return .notMember
            case .unknown(let reason): result = Membership.and(result, .unknown(reason))
            case .notMember: break
            }
        }
        return result
    }

    private func evaluate(_ rule: ValueSetRules.Rule, system: String?, code: String) -> Membership {
        var result = Membership.member
        if let ruleSystem = rule.system {
            if let system, system != ruleSystem { return .notMember }
            result = systemPart(rule, ruleSystem, code)
        }
        for imported in rule.valueSets where result != .notMember {
            result = Membership.and(result, membership(system: system, code: code, valueSet: imported)
                ?? .unknown("the value set \(imported) is not loaded"))
        }
        return result
    }

    private func systemPart(_ rule: ValueSetRules.Rule, _ system: String, _ code: String) -> Membership {
        if let concepts = rule.concepts { return concepts.contains(code) ? .member : .notMember }
        // Classified once: a release or a grammar answers for the known systems, the rule's package
        // codes for the others.
        guard let known = KnownCodeSystem(system) else {
            if rule.packageCodes.contains(code) { return .member }
            return rule.packageComplete ? .notMember : .unknown("the code system \(system) is not loaded, or its content is not complete")
        }
        switch ReleaseLookup.lookup(known, code: code, release: release, details: false) {
        case .notLoaded(let advice): return .unknown(advice)
        case .unknown, .notHandled: return .notMember
        case .found: break
        }
        if known.isBuiltIn {
            return rule.filters.isEmpty ? .member : .unknown("filters on \(system) are not evaluated offline")
        }
        guard let release, let id = Int64(code) else { return .notMember }
        var result = Membership.member
        for filter in rule.filters where result != .notMember {
            result = Membership.and(result, Self.evaluate(filter, id, release))
        }
        return result
    }

    private static func evaluate(_ filter: ValueSetRules.ConceptFilter, _ id: Int64, _ release: ReleaseStore) -> Membership {
        switch filter {
        case .ecl(let expression):
            return Membership(expression.contains(id, in: release), unknown: "the value set's ECL has parts that are not evaluated offline")
        case .isNotA(let ancestor): return id == ancestor || release.isDescendant(id, of: ancestor) ? .notMember : .member
        case .dmdKind(let kind): return release.dmdProduct(id)?.kind == kind ? .member : .notMember
        case .unsupported(let reason): return .unknown(reason)
        }
    }

    /// `?fhir_vs` (all concepts), `?fhir_vs=isa/X`, `?fhir_vs=refset/X`, `?fhir_vs=ecl/…`.
    private func implicitSnomed(_ query: String, system: String?, code: String) -> Membership {
        if let system, system != SnomedIdentifier.system { return .notMember }
        switch ReleaseLookup.lookup(system: SnomedIdentifier.system, code: code, release: release, details: false) {
        case .notLoaded(let advice): return .unknown(advice)
        case .unknown, .notHandled: return .notMember
        case .found: break
        }
        guard let release, let id = Int64(code) else { return .notMember }
        let argument = query.hasPrefix("=") ? String(query.dropFirst()) : query
        let expression: ECLExpression
        if argument.isEmpty {
            return .member
        } else if argument.hasPrefix("isa/"), let ancestor = Int64(argument.dropFirst(4)) {
            expression = .constrained(.descendantOrSelfOf, .concept(ancestor))
        } else if argument.hasPrefix("refset/"), let refset = Int64(argument.dropFirst(7)) {
            expression = .constrained(.memberOf, .concept(refset))
        } else if argument.hasPrefix("ecl/"), let ecl = String(argument.dropFirst(4)).removingPercentEncoding,
                  let parsed = try? ECLParser.parse(ecl) {
            expression = parsed
        } else {
            return .unknown("the implicit value set '?fhir_vs\(query)' is not understood")
        }
        return Membership(expression.contains(id, in: release), unknown: "the ECL has parts that are not evaluated offline")
    }
}
