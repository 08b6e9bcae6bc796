import FHIRPath
import FHIRPackages
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

/// Every invariant of the R4 core definitions must parse: one that does not is never checked.
@Suite struct CoreInvariantParsingTests {
    @Test func everyCoreInvariantParses() throws {
        let index = try FHIRPackages.DefinitionLoader().load(packages: [repositoryRoot + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"], definitions: [])
        var expressions = Set<String>()
        for entry in index.entries(ofType: "StructureDefinition") {
            guard let resource = index.resource(entry) else { continue }
            for element in resource.child("snapshot")?.children(named: "element") ?? [] {
                for constraint in element.children(named: "constraint") {
                    if let expression = constraint.childValue("expression") { expressions.insert(expression) }
                }
            }
        }
        var failures: [String] = []
        for expression in expressions {
            do { _ = try FHIRPathParser.parse(expression) } catch { failures.append("\(expression): \(error)") }
        }
        #expect(expressions.count > 200)
        #expect(failures == [])
    }
}
