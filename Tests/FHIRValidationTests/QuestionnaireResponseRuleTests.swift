import FHIRTestSupport
import FHIRValidation
import Foundation
import Testing

@Suite struct QuestionnaireResponseRuleTests {
    static let questionnaire = """
    {"resourceType": "Questionnaire", "url": "http://example.org/Questionnaire/q", "status": "active", "item": [
      {"linkId": "smoker", "type": "boolean", "required": true},
      {"linkId": "packs", "type": "integer", "enableWhen": [{"question": "smoker", "operator": "=", "answerBoolean": true}],
       "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 1},
                     {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10}]},
      {"linkId": "colour", "type": "choice", "answerOption": [{"valueCoding": {"system": "http://example.org/c", "code": "red"}},
                                                              {"valueCoding": {"system": "http://example.org/c", "code": "blue"}}]},
      {"linkId": "name", "type": "string", "maxLength": 5,
       "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/regex", "valueString": "[A-Z][a-z]*"}]},
      {"linkId": "note", "type": "display"},
      {"linkId": "sex", "type": "string", "repeats": true, "answerValueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"},
      {"linkId": "sexOrText", "type": "open-choice", "answerValueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"},
      {"linkId": "country", "type": "string", "repeats": true, "answerValueSet": "http://hl7.org/fhir/ValueSet/jurisdiction"},
      {"linkId": "group", "type": "group", "item": [{"linkId": "inner", "type": "string", "required": true}]}
    ]}
    """

    static let validator: Validator = {
        let folder = TemporaryFiles.path("q")
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try! Data(questionnaire.utf8).write(to: URL(fileURLWithPath: folder + "/q.json"))
        return try! Validator.load(packages: [corePackagePath], definitions: [folder])
    }()

    func response(_ items: String, status: String = "completed") -> [String] {
        let text = #"{"resourceType": "QuestionnaireResponse", "questionnaire": "http://example.org/Questionnaire/q", "status": "\#(status)", "item": [\#(items)]}"#
        return Self.validator.validate(Array(text.utf8), format: .json).issues.filter { $0.messageID.hasPrefix("questionnaire.") }
            .map { "\($0.messageID)@\($0.expression ?? "")" }
    }

    static let complete = #"{"linkId": "smoker", "answer": [{"valueBoolean": true}]}, {"linkId": "group", "item": [{"linkId": "inner", "answer": [{"valueString": "x"}]}]}"#

    @Test func conformingResponsePasses() {
        #expect(response(Self.complete + #", {"linkId": "packs", "answer": [{"valueInteger": 3}]}, {"linkId": "colour", "answer": [{"valueCoding": {"system": "http://example.org/c", "code": "red"}}]}, {"linkId": "name", "answer": [{"valueString": "Ann"}]}"#) == [])
    }

    @Test func unknownLinkIdIsAnError() {
        #expect(response(Self.complete + #", {"linkId": "nope", "answer": [{"valueString": "x"}]}"#) == ["questionnaire.unknown-link-id@QuestionnaireResponse.item[2]"])
    }

    @Test func requiredItemsMustBeAnsweredWhenCompleted() {
        #expect(response(#"{"linkId": "group", "item": [{"linkId": "inner"}]}"#) ==
            ["questionnaire.required-missing@QuestionnaireResponse.item[0]", "questionnaire.required-missing@QuestionnaireResponse"])
        #expect(response(#"{"linkId": "group", "item": [{"linkId": "inner"}]}"#, status: "in-progress") == [])
    }

    @Test func answerTypeAndLimitsAreChecked() {
        #expect(response(Self.complete + #", {"linkId": "packs", "answer": [{"valueString": "3"}]}"#) == ["questionnaire.answer-type@QuestionnaireResponse.item[2].answer[0].value"])
        #expect(response(Self.complete + #", {"linkId": "packs", "answer": [{"valueInteger": 30}]}"#) == ["questionnaire.max-value@QuestionnaireResponse.item[2].answer[0].value"])
        #expect(response(Self.complete + #", {"linkId": "name", "answer": [{"valueString": "annabel"}]}"#) ==
            ["questionnaire.max-length@QuestionnaireResponse.item[2].answer[0].value", "questionnaire.regex@QuestionnaireResponse.item[2].answer[0].value"])
    }

    @Test func optionsRestrictChoices() {
        #expect(response(Self.complete + #", {"linkId": "colour", "answer": [{"valueCoding": {"system": "http://example.org/c", "code": "green"}}]}"#) ==
            ["questionnaire.option-not-permitted@QuestionnaireResponse.item[2].answer[0].value"])
    }

    /// A string item bound to a value set takes one of its codes; an open-choice item also takes
    /// free text; a value set that cannot be expanded offline (ISO 3166 here) decides nothing.
    @Test func stringAnswersOfABoundItemMustBeCodesOfTheValueSet() {
        #expect(response(Self.complete + #", {"linkId": "sex", "answer": [{"valueString": "female"}, {"valueString": "Female"}]}"#) ==
            ["questionnaire.not-in-value-set@QuestionnaireResponse.item[2].answer[1].value"])
        #expect(response(Self.complete + #", {"linkId": "sexOrText", "answer": [{"valueString": "prefers not to say"}]}"#) == [])
        #expect(response(Self.complete + #", {"linkId": "country", "answer": [{"valueString": "AU"}, {"valueString": "Australia"}]}"#) == [])
    }

    @Test func disabledItemsAndDisplayItemsHaveNoAnswers() {
        let smokerNo = #"{"linkId": "smoker", "answer": [{"valueBoolean": false}]}, {"linkId": "group", "item": [{"linkId": "inner", "answer": [{"valueString": "x"}]}]}"#
        #expect(response(smokerNo + #", {"linkId": "packs", "answer": [{"valueInteger": 3}]}"#) == ["questionnaire.answer-not-enabled@QuestionnaireResponse.item[2]"])
        #expect(response(Self.complete + #", {"linkId": "note", "answer": [{"valueString": "x"}]}"#) == ["questionnaire.answer-not-allowed@QuestionnaireResponse.item[2]"])
    }

    @Test func unresolvableQuestionnaireIsAWarning() {
        let text = #"{"resourceType": "QuestionnaireResponse", "questionnaire": "http://example.org/Questionnaire/missing", "status": "completed"}"#
        let issues = Self.validator.validate(Array(text.utf8), format: .json).issues.filter { $0.messageID.hasPrefix("questionnaire.") }
        #expect(issues.map(\.severity) == [.warning])
    }

    @Test func enableWhenCannotDependOnAnInnerQuestion() {
        let questionnaire = #"{"resourceType": "Questionnaire", "status": "active", "item": [{"linkId": "outer", "type": "group", "enableWhen": [{"question": "inner", "operator": "exists", "answerBoolean": true}], "item": [{"linkId": "inner", "type": "boolean"}]}, {"linkId": "other", "type": "boolean", "enableWhen": [{"question": "inner", "operator": "exists", "answerBoolean": true}]}]}"#
        #expect(errors(validateJSON(questionnaire)).map { "\($0.messageID)@\($0.expression ?? "")" } == ["questionnaire.enable-when-inner@Questionnaire.item[0]"])
    }
}
