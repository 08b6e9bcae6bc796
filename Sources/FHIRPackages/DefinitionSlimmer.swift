import FHIRElements

/// Removes from a conformance resource's JSON what validation never reads, so a compiled cache
/// parses fast: narrative, mappings, the differential of a definition that has a snapshot, and
/// the documentation of each element (definition, comment, requirements, alias, examples).
///
/// The result is the same resource for validation (same elements, types, cardinalities,
/// constraints, bindings, slicing, fixed and pattern values); it is about a third of the size.
public enum DefinitionSlimmer {
    static let resourceKeys: Set<String> = ["text", "mapping"]
    static let elementKeys: Set<String> = [
        "definition", "comment", "requirements", "alias", "mapping", "example", "meaningWhenMissing", "orderMeaning", "isModifierReason",
    ]

    /// The slimmed JSON of a resource (narrative removed; for a StructureDefinition also mappings,
    /// documentation and a redundant differential), or nil when the bytes are not a JSON resource.
    public static func slim(_ bytes: [UInt8]) -> [UInt8]? {
        guard let root = try? JSONReader.parse(bytes), case .object(let members) = root.kind,
              let type = members.first(where: { $0.key == "resourceType" })?.value.kind.stringValue else { return nil }
        let isDefinition = type == "StructureDefinition"
        let hasSnapshot = isDefinition && members.contains { $0.key == "snapshot" }
        var kept: [JSONNode.Member] = []
        for member in members where member.key != "text" && !(isDefinition && resourceKeys.contains(member.key))
            && !(hasSnapshot && member.key == "differential") {
            var member = member
            if isDefinition, member.key == "snapshot" || member.key == "differential" { member.value = slimElements(member.value) }
            kept.append(member)
        }
        var writer = JSONNodeWriter()
        writer.write(JSONNode(kind: .object(kept), position: root.position))
        return writer.bytes
    }

    private static func slimElements(_ holder: JSONNode) -> JSONNode {
        guard case .object(let members) = holder.kind else { return holder }
        let updated = members.map { member -> JSONNode.Member in
            guard member.key == "element", case .array(let elements) = member.value.kind else { return member }
            var member = member
            member.value.kind = .array(elements.map { element in
                guard case .object(let fields) = element.kind else { return element }
                var element = element
                element.kind = .object(fields.filter { !elementKeys.contains($0.key) })
                return element
            })
            return member
        }
        var holder = holder
        holder.kind = .object(updated)
        return holder
    }
}

extension JSONNode.Kind {
    var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
}

/// Writes a JSON tree back to compact JSON text (numbers keep their source text).
struct JSONNodeWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ node: JSONNode) {
        switch node.kind {
        case .null: bytes += Array("null".utf8)
        case .bool(let b): bytes += Array((b ? "true" : "false").utf8)
        case .number(let text): bytes += Array(text.utf8)
        case .string(let s): JSONEscaping.appendQuoted(s, to: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (i, member) in members.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONEscaping.appendQuoted(member.key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                write(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
