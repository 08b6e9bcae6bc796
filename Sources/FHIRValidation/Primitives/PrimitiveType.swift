/// The FHIR R4 primitive types and the JSON token each is written as.
public enum PrimitiveType: String, Sendable, CaseIterable {
    case boolean, integer, integer64, decimal, positiveInt, unsignedInt
    case string, markdown, code, id, uri, url, canonical, oid, uuid
    case base64Binary, date, dateTime, instant, time, xhtml

    /// The JSON token kind the type must be written as.
    var jsonKind: JSONToken {
        switch self {
        case .boolean: return .boolean
        case .integer, .decimal, .positiveInt, .unsignedInt: return .number
        default: return .string
        }
    }

    enum JSONToken: String { case boolean, number, string }
}
