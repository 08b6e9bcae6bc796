/// A JSON value with the source position of its first character.
///
/// Numbers keep their source text: decimal precision is data in FHIR.
public struct JSONNode: Sendable {
    public struct Member: Sendable {
        public var key: String
        public var keyPosition: SourcePosition
        public var value: JSONNode
    }

    /// Not `indirect`: the arrays already hold nested nodes out of line, so a node needs no box of its own.
    public enum Kind: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    public var kind: Kind
    public var position: SourcePosition

    public init(kind: Kind, position: SourcePosition) {
        self.kind = kind
        self.position = position
    }

    /// The JSON type name used in messages (`an Object`, `a Primitive property`).
    public var kindDescription: String {
        switch kind {
        case .object: return "Object"
        case .array: return "Array"
        case .string, .number, .bool: return "Primitive property"
        case .null: return "Null"
        }
    }
}

extension JSONTape {
    /// The value at `index` as a tree of nodes. O(size of the value).
    public func node(at index: Int) -> JSONNode {
        let entry = entries[index]
        switch entry.kind {
        case .object:
            var members: [JSONNode.Member] = []
            members.reserveCapacity(count(index))
            for (key, value) in self.members(of: index) {
                members.append(JSONNode.Member(key: text(key), keyPosition: entries[key].position, value: node(at: value)))
            }
            return JSONNode(kind: .object(members), position: entry.position)
        case .array:
            var items: [JSONNode] = []
            items.reserveCapacity(count(index))
            var item = index + 1
            while item < next(index) {
                items.append(node(at: item))
                item = next(item)
            }
            return JSONNode(kind: .array(items), position: entry.position)
        case .string, .key: return JSONNode(kind: .string(text(index)), position: entry.position)
        case .number: return JSONNode(kind: .number(text(index)), position: entry.position)
        case .bool: return JSONNode(kind: .bool(entry.flag), position: entry.position)
        case .null: return JSONNode(kind: .null, position: entry.position)
        }
    }
}
