import Foundation

/// Parses FHIRPath (N1, as used by FHIR R4) into an `FHIRPathExpression`, by precedence climbing.
///
/// Precedence, loosest first: `implies`; `or` `xor`; `and`; `in` `contains`;
/// `=` `~` `!=` `!~`; `<` `>` `<=` `>=`; `|`; `is` `as`; `+` `-` `&`; `*` `/` `div` `mod`;
/// unary `+` `-`; then `.`, `[]` and invocations.
public struct FHIRPathParser {
    private var tokens: [Token]
    private var position = 0

    /// Parses an expression. O(n).
    /// - Throws: `FHIRPathError` of kind `syntax` with the offending offset.
    public static func parse(_ text: String) throws(FHIRPathError) -> FHIRPathExpression {
        var parser = FHIRPathParser(tokens: try Lexer.tokenize(text))
        let expression = try parser.expression(0)
        guard parser.current.kind == .end else {
            throw FHIRPathError(.syntax, "Unexpected '\(parser.current.text)' after the end of the expression", offset: parser.current.offset)
        }
        return expression
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isSymbol(_ s: String) -> Bool { current.kind == .symbol && current.text == s }
    private func isKeyword(_ s: String) -> Bool { current.kind == .identifier && !current.delimited && current.text == s }

    private mutating func expect(_ s: String) throws(FHIRPathError) {
        guard isSymbol(s) else {
            throw FHIRPathError(.syntax, "'\(s)' was expected, found '\(current.kind == .end ? "end of expression" : current.text)'", offset: current.offset)
        }
        _ = advance()
    }

    private static let levels: [[String]] = [
        ["implies"], ["or", "xor"], ["and"], ["in", "contains"], ["=", "~", "!=", "!~"],
        ["<", ">", "<=", ">="], ["|"], ["is", "as"], ["+", "-", "&"], ["*", "/", "div", "mod"],
    ]

    private func binaryOperator(at level: Int) -> String? {
        for op in Self.levels[level] {
            if op.first!.isLetter ? isKeyword(op) : isSymbol(op) { return op }
        }
        return nil
    }

    private mutating func expression(_ level: Int) throws(FHIRPathError) -> FHIRPathExpression {
        if level == Self.levels.count { return try unary() }
        var left = try expression(level + 1)
        while let op = binaryOperator(at: level) {
            _ = advance()
            if op == "is" || op == "as" {
                left = .typeOperator(op, left, try typeSpecifier())
            } else {
                left = .binary(op, left, try expression(level + 1))
            }
        }
        return left
    }

    private mutating func typeSpecifier() throws(FHIRPathError) -> String {
        guard current.kind == .identifier else { throw FHIRPathError(.syntax, "A type name was expected", offset: current.offset) }
        var name = advance().text
        while isSymbol("."), tokens[position + 1].kind == .identifier {
            _ = advance()
            name += "." + advance().text
        }
        return name
    }

    private mutating func unary() throws(FHIRPathError) -> FHIRPathExpression {
        if isSymbol("+") || isSymbol("-") {
            let op = advance().text
            return .unary(op, try unary())
        }
        return try postfix(try term())
    }

    private mutating func postfix(_ base: FHIRPathExpression) throws(FHIRPathError) -> FHIRPathExpression {
        var expression = base
        while true {
            if isSymbol(".") {
                _ = advance()
                expression = try invocation(on: expression)
            } else if isSymbol("[") {
                _ = advance()
                let index = try self.expression(0)
                try expect("]")
                expression = .indexer(expression, index)
            } else {
                return expression
            }
        }
    }

    private mutating func invocation(on receiver: FHIRPathExpression?) throws(FHIRPathError) -> FHIRPathExpression {
        if current.kind == .special {
            return .special(advance().text)
        }
        guard current.kind == .identifier else {
            throw FHIRPathError(.syntax, "A name was expected, found '\(current.kind == .end ? "end of expression" : current.text)'", offset: current.offset)
        }
        let name = advance()
        if isSymbol("(") && !name.delimited {
            _ = advance()
            var arguments: [FHIRPathExpression] = []
            if !isSymbol(")") {
                arguments.append(try expression(0))
                while isSymbol(",") {
                    _ = advance()
                    arguments.append(try expression(0))
                }
            }
            try expect(")")
            return .function(receiver, name.text, arguments)
        }
        return .member(receiver, name.text)
    }

    private mutating func term() throws(FHIRPathError) -> FHIRPathExpression {
        let token = current
        switch token.kind {
        case .string:
            _ = advance()
            return .literal([.string(token.text)])
        case .number, .longNumber:
            _ = advance()
            if token.kind == .number, let unit = quantityUnit() {
                return .literal([.quantity(Quantity(value: Decimal(string: token.text) ?? 0, unit: unit))])
            }
            if token.kind == .longNumber || !token.text.contains(".") {
                guard let value = Int(token.text) else { throw FHIRPathError(.syntax, "Integer too large: \(token.text)", offset: token.offset) }
                return .literal([.integer(value)])
            }
            return .literal([.decimal(Decimal(string: token.text) ?? 0, scale: token.text.split(separator: ".").last?.count ?? 0)])
        case .dateTime:
            _ = advance()
            guard let value = TemporalValue.parseLiteral(token.text) else {
                throw FHIRPathError(.syntax, "Invalid date/time literal '@\(token.text)'", offset: token.offset)
            }
            return .literal([value])
        case .time:
            _ = advance()
            guard let time = TemporalValue.parse(time: token.text) else {
                throw FHIRPathError(.syntax, "Invalid time literal '@T\(token.text)'", offset: token.offset)
            }
            return .literal([.time(time)])
        case .variable:
            _ = advance()
            return .variable(token.text)
        case .special:
            _ = advance()
            return .special(token.text)
        case .identifier where !token.delimited && (token.text == "true" || token.text == "false"):
            _ = advance()
            return .literal([.boolean(token.text == "true")])
        case .identifier:
            return try invocation(on: nil)
        case .symbol where token.text == "(":
            _ = advance()
            let inner = try expression(0)
            try expect(")")
            return inner
        case .symbol where token.text == "{":
            _ = advance()
            try expect("}")
            return .literal([])
        default:
            throw FHIRPathError(.syntax, token.kind == .end ? "Unexpected end of expression" : "Unexpected '\(token.text)'", offset: token.offset)
        }
    }

    static let calendarUnits: Set<String> = [
        "year", "years", "month", "months", "week", "weeks", "day", "days",
        "hour", "hours", "minute", "minutes", "second", "seconds", "millisecond", "milliseconds",
    ]

    /// A unit after a number makes a quantity: `'mg'` or a calendar keyword.
    private mutating func quantityUnit() -> String? {
        if current.kind == .string { return advance().text }
        if current.kind == .identifier, !current.delimited, Self.calendarUnits.contains(current.text) { return advance().text }
        return nil
    }
}
