import FHIRPath
import Testing

@Suite struct FHIRPathParserTests {
    @Test func precedenceFollowsTheSpecification() throws {
        let e = try FHIRPathParser.parse("1 + 2 * 3 = 7 and true")
        guard case .binary("and", .binary("=", .binary("+", _, .binary("*", _, _)), _), _) = e else {
            Issue.record("unexpected tree \(e)"); return
        }
    }

    @Test(arguments: ["2 + 2 /", "Patient.name.", "where(", "'unterminated", "1 +* 2", "@2015-13", "%"])
    func malformedExpressionsAreSyntaxErrors(text: String) {
        do {
            _ = try FHIRPathParser.parse(text)
            Issue.record("expected a syntax error for \(text)")
        } catch {
            #expect(error.kind == .syntax)
        }
    }

    @Test func quantitiesDatesAndDelimitedNamesParse() throws {
        _ = try FHIRPathParser.parse("Observation.value > 5 'mg' and @2015-02-04T14:34:28Z < now() and `div`.exists()")
        _ = try FHIRPathParser.parse("birthDate + 1 year")
    }
}
