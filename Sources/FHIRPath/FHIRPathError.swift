/// Why an expression could not be parsed, checked or evaluated.
public struct FHIRPathError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case syntax, semantic, execution }

    public var kind: Kind
    public var message: String
    /// Offset in the expression text, when known.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        "\(kind.rawValue) error: \(message)" + (offset.map { " (at character \($0 + 1))" } ?? "")
    }
}
