import Testing
@testable import FHIRElements

/// Numbers are read by RFC 8259's grammar: where each ends, and the first problem and where.
@Suite struct JSONNumberSyntaxTests {
    private func scan(_ text: String) -> (Int, JSONNumberSyntax.Problem?) {
        let bytes = Array(text.utf8)
        let result = bytes.withUnsafeBufferPointer { JSONNumberSyntax.scan($0, from: 0) }
        return (result.end, result.problem)
    }

    @Test(arguments: [("0,", 1), ("-0}", 2), ("12.50]", 5), ("1e9 ", 3), ("-3.2E-07,", 8), ("7", 1)])
    func aNumberEndsAfterItsLastCharacter(text: String, end: Int) {
        let (scanned, problem) = scan(text)
        #expect(scanned == end && problem == nil, "\(text)")
    }

    @Test(arguments: [
        ("-", 1, JSONNumberSyntax.Problem.endOfInput), ("01", 1, .leadingZero), ("-x", 1, .digitExpected),
        ("1.}", 2, .fractionDigitExpected), ("1.5e}", 4, .exponentDigitExpected), ("2E+", 3, .exponentDigitExpected),
    ])
    func theFirstProblemIsFoundWhereItIs(text: String, at: Int, expected: JSONNumberSyntax.Problem) {
        let (scanned, problem) = scan(text)
        #expect(scanned == at && problem == expected, "\(text)")
    }
}
