import FHIRElements

/// Checks a QuestionnaireResponse against the Questionnaire it names (`questionnaire`, a loaded
/// canonical or a `#contained` one), as the specification's Questionnaire rules and the HL7
/// validator do:
/// - every response item's `linkId` is an item of the Questionnaire at that level;
/// - display and group items have no answers; a non-repeating item has at most one answer;
/// - an item that is not enabled (`enableWhen`, `enableBehavior`) has no answers;
/// - when the response is `completed` or `amended`, every enabled `required` item is answered
///   (and `questionnaire-minOccurs` answers are given);
/// - each answer passes `QuestionnaireAnswerCheck` (type, options, value set, limits).
/// A Questionnaire that cannot be found is a warning: the answers are then not checked.
struct QuestionnaireResponseRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "QuestionnaireResponse", let reference = resource.child("questionnaire"),
              let canonical = reference.value else { return }
        guard let questionnaire = Self.resolve(canonical, in: resource, context: context) else {
            sink.add(.warning, .notFound, "questionnaire.not-found",
                     "The questionnaire '\(canonical)' could not be resolved, so the answers were not checked against it",
                     "\(expression).questionnaire", reference.position)
            return
        }
        var walk = QuestionnaireWalk(response: resource, context: context,
                                     completed: ["completed", "amended"].contains(resource.childValue("status") ?? ""))
        walk.checkItems(questionnaire.children(named: "item"), resource.children(named: "item"), expression: expression, sink: &sink)
    }

    static func resolve(_ canonical: String, in resource: Element, context: RuleContext) -> Element? {
        if canonical.hasPrefix("#") {
            return resource.children(named: "contained").first { $0.resourceType == "Questionnaire" && "#" + ($0.childValue("id") ?? "") == canonical }
        }
        let found = context.store.definitions.resource(canonical: canonical)
            ?? canonical.split(separator: "|").first.flatMap { context.store.definitions.resource(canonical: String($0)) }
        return found?.resourceType == "Questionnaire" ? found : nil
    }
}

/// One response checked against one Questionnaire.
struct QuestionnaireWalk {
    let response: Element
    let context: RuleContext
    let completed: Bool
    /// Answer values of the whole response by linkId, for `enableWhen`.
    let answersByLinkID: [String: [Element]]

    init(response: Element, context: RuleContext, completed: Bool) {
        self.response = response
        self.context = context
        self.completed = completed
        var answers: [String: [Element]] = [:]
        func collect(_ items: [Element]) {
            for item in items {
                let values = item.children(named: "answer").compactMap(QuestionnaireAnswerCheck.value)
                if let link = item.childValue("linkId") { answers[link, default: []] += values }
                collect(item.children(named: "item"))
                for answer in item.children(named: "answer") { collect(answer.children(named: "item")) }
            }
        }
        collect(response.children(named: "item"))
        answersByLinkID = answers
    }

    mutating func checkItems(_ questions: [Element], _ items: [Element], expression: String, sink: inout IssueSink) {
        let byLinkID = Dictionary(questions.compactMap { q in q.childValue("linkId").map { ($0, q) } }, uniquingKeysWith: { a, _ in a })
        for (i, item) in items.enumerated() {
            let itemExpression = "\(expression).item[\(i)]"
            guard let link = item.childValue("linkId"), let question = byLinkID[link] else {
                sink.add(.error, .structure, "questionnaire.unknown-link-id",
                         "LinkId '\(item.childValue("linkId") ?? "")' not found in questionnaire", itemExpression, item.position)
                continue
            }
            checkItem(question, item, expression: itemExpression, sink: &sink)
        }
        for question in questions {
            guard let link = question.childValue("linkId") else { continue }
            let responses = items.enumerated().filter { $0.element.childValue("linkId") == link }
            if !isEnabled(question) {
                for (i, item) in responses where hasContent(item) {
                    sink.add(.error, .structure, "questionnaire.answer-not-enabled",
                             "Item has answer, even though it is not enabled (item id = '\(link)')", "\(expression).item[\(i)]", item.position)
                }
                continue
            }
            guard completed, question.childValue("required") == "true", question.childValue("type") != "display" else { continue }
            if !responses.contains(where: { hasContent($0.element) }) {
                sink.add(.error, .required, "questionnaire.required-missing",
                         "No response answer found for required item '\(link)'", expression, responses.first?.element.position ?? response.position)
            }
        }
    }

    private mutating func checkItem(_ question: Element, _ item: Element, expression: String, sink: inout IssueSink) {
        let type = question.childValue("type") ?? ""
        let answers = item.children(named: "answer")
        if ["display", "group", "question"].contains(type), !answers.isEmpty {
            sink.add(.error, .structure, "questionnaire.answer-not-allowed", "Items of type '\(type)' cannot have answers", expression, item.position)
        }
        if question.childValue("repeats") != "true", answers.count > 1 {
            sink.add(.error, .structure, "questionnaire.repeats", "Only one answer is allowed for item '\(question.childValue("linkId") ?? "")', which does not repeat",
                     expression, item.position)
        }
        if completed, let minimum = QuestionnaireAnswerCheck.extensionValues(question, "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs").first?.value.flatMap({ Int($0) }),
           answers.count < minimum, !["group", "display"].contains(type) {
            sink.add(.error, .structure, "questionnaire.min-occurs", "The minimum number of answers is \(minimum) but this has \(answers.count) answers",
                     expression, item.position)
        }
        let check = QuestionnaireAnswerCheck(question: question, context: context)
        for (k, answer) in answers.enumerated() {
            check.check(answer, expression: "\(expression).answer[\(k)]", sink: &sink)
            checkItems(question.children(named: "item"), answer.children(named: "item"), expression: "\(expression).answer[\(k)]", sink: &sink)
        }
        // A group holds its items directly; a question's child items sit under each answer.
        if type == "group" || !item.children(named: "item").isEmpty {
            checkItems(question.children(named: "item"), item.children(named: "item"), expression: expression, sink: &sink)
        }
    }

    /// True when the item has answers, or (a group) answered items.
    private func hasContent(_ item: Element) -> Bool {
        !item.children(named: "answer").isEmpty || item.children(named: "item").contains(where: hasContent)
    }

    /// `enableWhen` with `enableBehavior` (`all` when absent). O(conditions × answers).
    func isEnabled(_ question: Element) -> Bool {
        let conditions = question.children(named: "enableWhen")
        guard !conditions.isEmpty else { return true }
        let results = conditions.map(isMet)
        return question.childValue("enableBehavior") == "any" ? results.contains(true) : results.allSatisfy { $0 }
    }

    private func isMet(_ condition: Element) -> Bool {
        guard let link = condition.childValue("question"), let op = condition.childValue("operator"),
              let expected = condition.children.first(where: { $0.name.hasPrefix("answer") }) else { return false }
        let answers = answersByLinkID[link] ?? []
        if op == "exists" { return (expected.value == "true") == !answers.isEmpty }
        let matches = answers.map { QuestionnaireAnswerCheck.compare($0, expected) }
        switch op {
        case "=": return matches.contains(0)
        case "!=": return !answers.isEmpty && !matches.contains(0)
        case ">": return matches.contains { ($0 ?? 0) > 0 }
        case "<": return matches.contains { ($0 ?? 0) < 0 }
        case ">=": return matches.contains { $0.map { $0 >= 0 } ?? false }
        case "<=": return matches.contains { $0.map { $0 <= 0 } ?? false }
        default: return false
        }
    }
}
