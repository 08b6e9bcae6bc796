import FHIRElements
import Foundation

/// Evaluates parsed FHIRPath expressions over the element tree.
///
/// Collections are Swift arrays; an empty array is the empty collection. Functions
/// that take expressions (`where`, `select`, `all`, `exists`, `repeat`, `iif`,
/// `aggregate`) evaluate them once per item with `$this` (and `$index`, `$total`) bound.
public struct FHIRPathEvaluator {
    /// Holds the context so that the per-item copies `where`/`select` make share it (one retain).
    private final class ContextBox: @unchecked Sendable {
        let context: EvaluationContext
        init(_ context: EvaluationContext) { self.context = context }
    }

    private let box: ContextBox
    public var context: EvaluationContext { box.context }
    var this: [FHIRPathValue] = []
    /// `%context`, when set: the element an invariant is evaluated on (else the context's).
    public var contextElement: FHIRPathValue?
    var index: Int?
    var total: [FHIRPathValue] = []

    public init(context: EvaluationContext) { box = ContextBox(context) }

    /// Evaluates an expression with the given input collection as focus.
    /// - Throws: `FHIRPathError` (execution, or semantic in strict mode).
    public func evaluate(_ expression: FHIRPathExpression, input: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue] {
        if context.strict { try StrictChecks.check(expression, model: context.model) }
        var evaluator = self
        evaluator.this = input
        return try evaluator.eval(expression, focus: input)
    }

    func eval(_ expression: FHIRPathExpression, focus: [FHIRPathValue]) throws(FHIRPathError) -> [FHIRPathValue] {
        switch expression {
        case .literal(let values):
            return values
        case .member(let receiver, let name):
            if let receiver {
                return try member(name, of: try eval(receiver, focus: focus), isRoot: false)
            }
            return try member(name, of: focus, isRoot: true)
        case .function(let receiver, let name, let arguments):
            let input = try receiver.map { e throws(FHIRPathError) in try eval(e, focus: focus) } ?? focus
            return try call(name, on: input, arguments: arguments, focus: focus)
        case .indexer(let base, let indexExpression):
            let items = try eval(base, focus: focus)
            guard let i = try integerSingleton(try eval(indexExpression, focus: focus)) else { return [] }
            return i >= 0 && i < items.count ? [items[i]] : []
        case .unary(let op, let operand):
            let items = try eval(operand, focus: focus)
            if op == "+" { return items }
            guard let value = try singleton(items)?.systemValue else { return [] }
            switch value {
            case .integer(let i): return [.integer(-i)]
            case .decimal(let d, let s): return [.decimal(-d, scale: s)]
            case .quantity(let q): return [.quantity(Quantity(value: -q.value, unit: q.unit))]
            default: throw FHIRPathError(.execution, "Unary minus needs a number or quantity")
            }
        case .binary(let op, let left, let right):
            return try binary(op, left, right, focus: focus)
        case .typeOperator(let op, let operand, let type):
            try checkTypeName(type)
            let items = try eval(operand, focus: focus)
            if op == "is" {
                guard let item = try singleton(items) else { return [] }
                return FHIRPathValue.booleanCollection(isOfType(item, type))
            }
            guard items.count <= 1 else { throw FHIRPathError(.execution, "'as' needs a single item, found \(items.count)") }
            return items.filter { isOfType($0, type, exactPrimitives: true) }
        case .variable(let name):
            return try variable(name)
        case .special(let name):
            switch name {
            case "$this": return this
            case "$index": return index.map { [.integer($0)] } ?? []
            default: return total
            }
        }
    }

    private func variable(_ name: String) throws(FHIRPathError) -> [FHIRPathValue] {
        switch name {
        case "resource": return context.resource.map { [$0] } ?? []
        case "context": return (contextElement ?? context.contextElement ?? context.resource).map { [$0] } ?? []
        case "rootResource": return (context.rootResource ?? context.resource).map { [$0] } ?? []
        case "ucum": return [.string("http://unitsofmeasure.org")]
        case "sct": return [.string("http://snomed.info/sct")]
        case "loinc": return [.string("http://loinc.org")]
        default:
            if let value = context.variables[name] { return value }
            if name.hasPrefix("vs-") { return [.string("http://hl7.org/fhir/ValueSet/" + name.dropFirst(3))] }
            if name.hasPrefix("ext-") { return [.string("http://hl7.org/fhir/StructureDefinition/" + name.dropFirst(4))] }
            throw FHIRPathError(.semantic, "Unknown variable %\(name)")
        }
    }

    // MARK: Navigation

    func member(_ name: String, of items: [FHIRPathValue], isRoot: Bool) throws(FHIRPathError) -> [FHIRPathValue] {
        var out: [FHIRPathValue] = []
        for item in items {
            if case .typeInfo(let namespace, let typeName) = item {
                if name == "namespace" { out.append(.string(namespace)) } else if name == "name" { out.append(.string(typeName)) }
                continue
            }
            guard case .node(let node) = item else { continue }
            if isRoot, name == node.type || name == node.element.resourceType || (name.startsWithASCIIUppercase && context.model?.isType(node.type, derivedFrom: name) == true) {
                out.append(item)
                continue
            }
            appendChildren(of: node, named: name, to: &out)
        }
        // A name that found elements exists, unless it is a typed choice name (`valueQuantity`),
        // which FHIRPath does not navigate; only those and misses are checked against the model.
        if let model = context.model, out.isEmpty && context.checksMissingNames || Self.mayBeTypedChoiceName(name) {
            try checkMemberExists(name, on: items, isRoot: isRoot, found: !out.isEmpty, model: model)
        }
        return out
    }

    /// True for names with an uppercase letter after the first (`valueQuantity`, not `value` or `Patient`). O(name).
    static func mayBeTypedChoiceName(_ name: String) -> Bool {
        name.utf8.dropFirst().contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// A name that no item's type defines is a semantic error (`Observation.valueQuantity`:
    /// the element is `value`); so is a root type name that is not the input's type.
    private func checkMemberExists(_ name: String, on items: [FHIRPathValue], isRoot: Bool, found: Bool, model: FHIRPathModel) throws(FHIRPathError) {
        var defined = false
        var undefinedOn: String?
        for item in items {
            guard case .node(let node) = item else { continue }
            if isRoot, name.startsWithASCIIUppercase, model.isType(name) {
                if !found, node.element.resourceType != nil {
                    throw FHIRPathError(.semantic, "The expression starts with type \(name) but the input is a \(node.type)")
                }
                defined = true
                continue
            }
            switch model.hasChild(node.path, parentType: node.type, named: name) {
            case true?: defined = true
            case false?: undefinedOn = undefinedOn ?? node.type
            case nil: defined = true
            }
        }
        if !defined, let type = undefinedOn {
            throw FHIRPathError(.semantic, "The element '\(name)' does not exist on \(type)")
        }
    }

    /// Instance children named `name`, or typed names of the choice `name[x]`.
    func children(of node: Node, named name: String) -> [FHIRPathValue] {
        var out: [FHIRPathValue] = []
        appendChildren(of: node, named: name, to: &out)
        return out
    }

    /// Appends the instance children named `name` (or typed names of `name[x]`). O(children).
    func appendChildren(of node: Node, named name: String, to out: inout [FHIRPathValue]) {
        for child in node.element.children where child.name.isSameName(as: name) || isChoice(child.name, of: name, node: node) {
            out.append(.node(typedNode(child, parent: node)))
        }
    }

    private func isChoice(_ childName: String, of name: String, node: Node) -> Bool {
        guard childName.isTypedChoiceName(of: name) else { return false }
        return context.model?.hasChild(node.path, parentType: node.type, named: name) ?? true
    }

    func typedNode(_ child: Element, parent: Node) -> Node {
        if let resourceType = child.resourceType {
            return Node(element: child, type: resourceType, path: ModelPath(structure: resourceType, path: resourceType))
        }
        guard let model = context.model else {
            return Node(element: child, type: child.name == "extension" ? "Extension" : "", path: nil)
        }
        let (type, path) = model.child(of: parent.path, parentType: parent.type, childName: child.name, element: child)
        return Node(element: child, type: type, path: path)
    }

    // MARK: Singletons

    func singleton(_ items: [FHIRPathValue]) throws(FHIRPathError) -> FHIRPathValue? {
        if items.isEmpty { return nil }
        guard items.count == 1 else { throw FHIRPathError(.execution, "Expected a single item but found \(items.count)") }
        return items[0]
    }

    func booleanSingleton(_ items: [FHIRPathValue]) throws(FHIRPathError) -> Bool? {
        guard let item = try singleton(items) else { return nil }
        if case .boolean(let b) = item.systemValue ?? item { return b }
        return true  // a single non-boolean item is true in a boolean context
    }

    func integerSingleton(_ items: [FHIRPathValue]) throws(FHIRPathError) -> Int? {
        guard let item = try singleton(items) else { return nil }
        if case .integer(let i) = item.systemValue ?? item { return i }
        throw FHIRPathError(.execution, "An integer was expected")
    }

    func stringSingleton(_ items: [FHIRPathValue]) throws(FHIRPathError) -> String? {
        guard let item = try singleton(items) else { return nil }
        if case .string(let s) = item.systemValue ?? item { return s }
        throw FHIRPathError(.execution, "A string was expected")
    }

    // MARK: Types

    static let systemTypes: [String: String] = [
        "Boolean": "boolean", "Integer": "integer", "Decimal": "decimal", "String": "string",
        "Date": "date", "DateTime": "dateTime", "Time": "time", "Quantity": "Quantity",
    ]

    /// Rejects a type name that names neither a System type nor a FHIR type.
    func checkTypeName(_ typeName: String) throws(FHIRPathError) {
        var name = typeName
        for prefix in ["System.", "FHIR."] where name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
        if Self.systemTypes[name] != nil { return }
        if let model = context.model, !model.isType(name) {
            throw FHIRPathError(.semantic, "Unknown type '\(typeName)'")
        }
    }

    /// Whether an item is of a type: by derivation (`is`), or, with `exactPrimitives`, with FHIR
    /// primitive types matched exactly (`as`, `ofType`: a code is not returned as a string).
    func isOfType(_ item: FHIRPathValue, _ typeName: String, exactPrimitives: Bool = false) -> Bool {
        var name = typeName
        var namespace: String?
        if name.hasPrefix("System.") { namespace = "System"; name = String(name.dropFirst(7)) }
        else if name.hasPrefix("FHIR.") { namespace = "FHIR"; name = String(name.dropFirst(5)) }
        if case .node(let node) = item {
            if namespace == "System" { return false }
            if node.type == name { return true }
            if namespace == nil, context.systemTypesMatchFHIRPrimitives, Self.systemTypes[name] == node.type { return true }
            // Primitive types match exactly (a code is not a string); complex types and resources by derivation.
            if exactPrimitives, node.type.startsWithASCIILowercase { return false }
            return context.model?.isType(node.type, derivedFrom: name) ?? false
        }
        if namespace == "FHIR" { return false }
        guard let system = Self.systemTypes[name] else { return false }
        return item.typeName == system
    }
}
