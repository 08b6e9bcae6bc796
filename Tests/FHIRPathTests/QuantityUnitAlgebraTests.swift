import FHIRPath
import Testing

/// Products and quotients of UCUM units compare with the units they reduce to.
@Suite struct QuantityUnitAlgebraTests {
    private func evaluate(_ text: String) throws -> [String] {
        let evaluator = FHIRPathEvaluator(context: EvaluationContext())
        return try evaluator.evaluate(try FHIRPathParser.parse(text), input: []).compactMap(\.text)
    }

    @Test func productOfLengthsEqualsAnArea() throws {
        #expect(try evaluate("2.0 'cm' * 2.0 'm' = 0.040 'm2'") == ["true"])
        #expect(try evaluate("2.0 'cm' * 2.0 'm' = 0.041 'm2'") == ["false"])
    }

    @Test func divisionIsLeftAssociative() throws {
        // kg/m.s is (kg/m).s, not kg/(m.s)
        #expect(try evaluate("1 'kg/m.s' = 1000 'g.s/m'") == ["true"])
        #expect(try evaluate("1 'kg/m.s' = 1000 'g.m-1.s-1'") == [])
    }

    @Test func unknownUnitsAreNotComparable() throws {
        #expect(try evaluate("1 'kg.furlong' = 1 'kg.furlong'") == ["true"])
        #expect(try evaluate("1 'kg.furlong' = 1000 'g.furlong'") == [])
    }
}
