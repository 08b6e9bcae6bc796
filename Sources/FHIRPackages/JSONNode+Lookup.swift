import FHIRElements

extension JSONNode {
    /// The value of an object member, or nil. O(members).
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = kind else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    var arrayValue: [JSONNode] {
        if case .array(let items) = kind { return items }
        return []
    }

    var objectMembers: [JSONNode.Member] {
        if case .object(let members) = kind { return members }
        return []
    }
}
