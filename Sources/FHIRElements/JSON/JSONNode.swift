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
