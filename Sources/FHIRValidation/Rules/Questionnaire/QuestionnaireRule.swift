import FHIRElements

/// A Questionnaire item's `enableWhen` cannot depend on a question nested inside that item:
/// the inner question only exists once the item is enabled (the HL7 validator's rule).
struct QuestionnaireRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard resource.resourceType == "Questionnaire" else { return }
        checkItems(resource.children(named: "item"), expression: expression, sink: &sink)
    }

    private func checkItems(_ items: [Element], expression: String, sink: inout IssueSink) {
        for (i, item) in items.enumerated() {
            let at = "\(expression).item[\(i)]"
            let inner = Self.descendantLinkIDs(item)
            if item.children(named: "enableWhen").contains(where: { $0.childValue("question").map(inner.contains) ?? false }) {
                sink.add(.error, .businessRule, "questionnaire.enable-when-inner",
                         "Questions with an enableWhen cannot refer to an inner question for its enableWhen condition", at, item.position)
            }
            checkItems(item.children(named: "item"), expression: at, sink: &sink)
        }
    }

    static func descendantLinkIDs(_ item: Element) -> Set<String> {
        var ids = Set<String>()
        for child in item.children(named: "item") {
            if let link = child.childValue("linkId") { ids.insert(link) }
            ids.formUnion(descendantLinkIDs(child))
        }
        return ids
    }
}
