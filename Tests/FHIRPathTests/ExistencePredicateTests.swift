import FHIRElements
import FHIRPackages
import FHIRPath
import Testing

@Suite struct ExistencePredicateTests {
    private func predicate(_ text: String) throws -> ExistencePredicate? {
        ExistencePredicate.compile(try FHIRPathParser.parse(text))
    }

    private func resource(_ json: String) -> Element {
        ResourceParser.parse(Array(json.utf8), format: .json).root!
    }

    @Test(arguments: [
        "value.empty() or system.exists()", "extension.exists() != value.exists()", "text.`div`.exists()",
        "(component.empty() and hasMember.empty()) implies (dataAbsentReason.exists() or value.exists())",
        "name.count() > 1 xor telecom.exists().not()", "hasValue() or extension.exists()",
    ])
    func existenceTestsCompile(text: String) throws {
        #expect(try predicate(text) != nil)
    }

    @Test(arguments: [
        "where(code.exists()).empty()", "%resource.contained.exists()", "Patient.name.exists()", "valueQuantity.exists()",
        "birthDate.exists()", "value > 5", "name.exists(given.exists())", "reference.startsWith('#').not()", "children().exists()",
    ])
    func otherExpressionsAreLeftToTheEvaluator(text: String) throws {
        #expect(try predicate(text) == nil)
    }

    @Test func choiceNamesReachTheirTypedForm() throws {
        let observation = resource(#"{"resourceType":"Observation","status":"final","valueQuantity":{"value":1,"system":"http://unitsofmeasure.org"}}"#)
        #expect(try predicate("value.exists()")?.evaluate(on: observation) == true)
        #expect(try predicate("value.system.exists() and value.code.empty()")?.evaluate(on: observation) == true)
        #expect(try predicate("dataAbsentReason.exists() or component.exists()")?.evaluate(on: observation) == false)
        #expect(try predicate("status.hasValue()")?.evaluate(on: observation) == true)
        #expect(try predicate("value.hasValue()")?.evaluate(on: observation) == false)
    }

    /// Every R4 core invariant that compiles gives, on a set of instances, what the evaluator gives.
    @Test func coreInvariantsAgreeWithTheEvaluator() throws {
        let index = try DefinitionLoader().load(packages: [repositoryRoot + "/../shared/igpackages/hl7.fhir.r4.core-4.0.1.tgz"], definitions: [])
        var expressions = Set<String>()
        for entry in index.entries(ofType: "StructureDefinition") {
            for element in index.resource(entry)?.child("snapshot")?.children(named: "element") ?? [] {
                for constraint in element.children(named: "constraint") {
                    if let expression = constraint.childValue("expression") { expressions.insert(expression) }
                }
            }
        }
        let instances = [
            #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1,"code":"mm"},"component":[{"code":{"text":"a"}},{"code":{"text":"b"},"valueString":"s"}]}"#,
            #"{"resourceType":"Observation","status":"final","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"},"dataAbsentReason":{"text":"n"},"hasMember":[{"reference":"Observation/1"}]}"#,
            #"{"resourceType":"Patient","name":[{"family":"A"},{"family":"B"}],"telecom":[{"value":"1"}],"extension":[{"url":"http://x","valueString":"v"}],"contact":[{"telecom":[{"system":"phone"}]}]}"#,
            #"{"resourceType":"Extension","url":"http://x","extension":[{"url":"a","valueCode":"c"}]}"#,
        ].map(resource)
        var compiled = 0
        for text in expressions {
            let expression = try FHIRPathParser.parse(text)
            guard let predicate = ExistencePredicate.compile(expression) else { continue }
            compiled += 1
            for instance in instances {
                let evaluator = FHIRPathEvaluator(context: EvaluationContext(resource: EvaluationContext.node(for: instance)))
                let root = instance.resourceType ?? ""
                guard !predicate.hasPath(startingWith: root),
                      let result = try? evaluator.evaluate(expression, input: [EvaluationContext.node(for: instance)]),
                      result.count == 1, case .boolean(let expected) = result[0] else { continue }
                #expect(predicate.evaluate(on: instance) == expected, "\(text) on \(root)")
            }
        }
        #expect(compiled >= 40)
    }
}
