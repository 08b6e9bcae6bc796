import FHIRElements
import Foundation

extension FHIRPathEvaluator {
    static let treeAndUtilityFunctionNames = ["children", "descendants", "trace", "now", "today", "timeOfDay", "type", "extension",
                                              "getValue", "resolve", "conformsTo", "memberOf", "htmlChecks"]

    /// children, descendants, trace, now, today, timeOfDay, type, extension, getValue, resolve,
    /// conformsTo, memberOf, htmlChecks, lowBoundary, highBoundary, precision.
    func treeAndUtilityFunction(_ name: String, _ input: [FHIRPathValue], _ arguments: [FHIRPathExpression], focus: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue]? {
        switch name {
        case "children":
            return input.flatMap(allChildren)
        case "descendants":
            var out: [FHIRPathValue] = []
            var queue = input.flatMap(allChildren)
            while !queue.isEmpty {
                out += queue
                queue = queue.flatMap(allChildren)
            }
            return out
        case "trace":
            return input
        case "now":
            return [.dateTime(Self.temporal(context.now, precision: .millisecond))]
        case "today":
            var t = Self.temporal(context.now, precision: .day)
            t.zone = nil
            return [.date(t)]
        case "timeOfDay":
            var t = Self.temporal(context.now, precision: .millisecond)
            t.isTime = true
            t.zone = nil
            return [.time(t)]
        case "type":
            return input.map { item in
                if case .node(let node) = item { return .typeInfo(namespace: "FHIR", name: node.type) }
                let system = Self.systemTypes.first { $0.value == item.typeName }?.key ?? item.typeName
                return .typeInfo(namespace: "System", name: system)
            }
        case "extension":
            guard let url = try stringSingleton(try argument(arguments, 0)) else { return [] }
            return input.flatMap { item -> [FHIRPathValue] in
                guard case .node(let node) = item else { return [] }
                return children(of: node, named: "extension").filter {
                    if case .node(let e) = $0 { return e.element.childValue("url") == url }
                    return false
                }
            }
        case "getValue":
            return input.compactMap { item in
                guard case .node(let node) = item, node.element.value != nil else { return nil }
                return item.systemValue
            }
        case "resolve":
            return input.compactMap(resolve)
        case "conformsTo":
            guard let profile = try stringSingleton(try argument(arguments, 0)) else { return [] }
            guard let item = try singleton(input) else { return [] }
            guard case .node(let node) = item, let check = context.conformsTo else { return [] }
            guard let conforms = check(node.element, profile) else {
                throw FHIRPathError(.execution, "conformsTo(): the profile '\(profile)' is unknown")
            }
            return FHIRPathValue.booleanCollection(conforms)
        case "memberOf":
            guard let valueSet = try stringSingleton(try argument(arguments, 0)), let item = try singleton(input),
                  let check = context.memberOf else { return [] }
            return memberOf(item, valueSet, check).map { FHIRPathValue.booleanCollection($0) } ?? []
        case "htmlChecks":
            return FHIRPathValue.booleanCollection(true)
        default:
            return nil
        }
    }

    /// Membership of a code, Coding or CodeableConcept (any of its codings) in a value set.
    private func memberOf(_ item: FHIRPathValue, _ valueSet: String,
                          _ check: (String?, String, String) -> Bool?) -> Bool? {
        guard case .node(let node) = item else {
            if case .string(let code) = item { return check(nil, code, valueSet) }
            return nil
        }
        let element = node.element
        if let code = element.value { return check(nil, code, valueSet) }
        if let code = element.childValue("code") { return check(element.childValue("system"), code, valueSet) }
        var result: Bool? = false
        for coding in element.children(named: "coding") {
            guard let code = coding.childValue("code") else { continue }
            switch check(coding.childValue("system"), code, valueSet) {
            case true?: return true
            case nil: result = nil
            case false?: break
            }
        }
        return element.children(named: "coding").isEmpty ? nil : result
    }

    func allChildren(_ item: FHIRPathValue) -> [FHIRPathValue] {
        guard case .node(let node) = item else { return [] }
        return node.element.children.map { .node(typedNode($0, parent: node)) }
    }

    static func temporal(_ date: Date, precision: TemporalValue.Precision) -> TemporalValue {
        let calendar = Calendar(identifier: .gregorian)
        let zone = TimeZone.current
        let c = calendar.dateComponents(in: zone, from: date)
        var t = TemporalValue(precision: precision)
        t.year = c.year ?? 1970
        t.month = c.month ?? 1
        t.day = c.day ?? 1
        t.hour = c.hour ?? 0
        t.minute = c.minute ?? 0
        t.second = c.second ?? 0
        t.millisecond = (c.nanosecond ?? 0) / 1_000_000
        t.zone = zone.secondsFromGMT(for: date) / 60
        t.isDateTime = precision > .day
        return t
    }

    /// A reference resolved to a contained resource or a Bundle entry of the evaluated resource.
    private func resolve(_ item: FHIRPathValue) -> FHIRPathValue? {
        let reference: String?
        switch item {
        case .node(let node): reference = node.element.childValue("reference") ?? node.element.value
        case .string(let s): reference = s
        default: reference = nil
        }
        guard let reference, let root = context.rootResource ?? context.resource, case .node(let rootNode) = root else { return nil }
        if reference.hasPrefix("#") {
            let id = String(reference.dropFirst())
            let holder = (context.resource.flatMap { if case .node(let n) = $0 { return n.element } else { return nil } }) ?? rootNode.element
            for container in [holder, rootNode.element] {
                if let hit = container.children(named: "contained").first(where: { $0.childValue("id") == id }) {
                    return .node(Node(element: hit, type: hit.resourceType ?? "", path: hit.resourceType.map { ModelPath(structure: $0, path: $0) }))
                }
            }
            return nil
        }
        guard rootNode.element.resourceType == "Bundle" else { return nil }
        for entry in rootNode.element.children(named: "entry") {
            guard let resource = entry.child("resource"), let type = resource.resourceType else { continue }
            let fullUrl = entry.childValue("fullUrl") ?? ""
            if fullUrl == reference || fullUrl.hasSuffix("/" + reference) || reference == "\(type)/\(resource.childValue("id") ?? "")" {
                return .node(Node(element: resource, type: type, path: ModelPath(structure: type, path: type)))
            }
        }
        return nil
    }
}
