/// A parsed FHIRPath expression: the abstract syntax tree, built once and evaluated many times.
public indirect enum FHIRPathExpression: Sendable {
    /// A literal collection: `{}` (empty) or a single value.
    case literal([FHIRPathValue])
    /// A member name at the start of a path or after `.` (`name`, `Patient`).
    case member(FHIRPathExpression?, String)
    /// A function call on the focus (`where(...)`); the receiver is nil at the start of a path.
    case function(FHIRPathExpression?, String, [FHIRPathExpression])
    /// `collection[index]`.
    case indexer(FHIRPathExpression, FHIRPathExpression)
    /// Unary `+` or `-`.
    case unary(String, FHIRPathExpression)
    /// A binary operator (`+`, `and`, `=`, `|`, ...).
    case binary(String, FHIRPathExpression, FHIRPathExpression)
    /// `is` or `as` with a type name.
    case typeOperator(String, FHIRPathExpression, String)
    /// `%name`.
    case variable(String)
    /// `$this`, `$index` or `$total`.
    case special(String)
}
