import FHIRElements
import FHIRTerminology
import Foundation

/// Checks one answer against its Questionnaire item: the value's type for the item type,
/// `answerOption` and `answerValueSet`, and the limits the item and its standard extensions set
/// (`maxLength`, `minLength`, `regex`, `minValue`, `maxValue`, `maxDecimalPlaces`,
/// `questionnaire-unitOption`, `mimeType`, `maxSize`, `questionnaire-referenceResource`).
struct QuestionnaireAnswerCheck {
    let question: Element
    let context: RuleContext

    static let extensionBase = "http://hl7.org/fhir/StructureDefinition/"

    /// The answer value types each item type accepts (without the `value` prefix).
    static let allowedTypes: [String: Set<String>] = [
        "boolean": ["Boolean"], "decimal": ["Decimal"], "integer": ["Integer"], "date": ["Date"], "dateTime": ["DateTime"],
        "time": ["Time"], "string": ["String"], "text": ["String"], "url": ["Uri"], "choice": ["Coding", "String", "Integer", "Date", "Time", "Reference"],
        "open-choice": ["Coding", "String", "Integer", "Date", "Time", "Reference"], "attachment": ["Attachment"],
        "reference": ["Reference"], "quantity": ["Quantity"],
    ]

    /// The `value[x]` element of an answer (or an option, or an extension).
    static func value(_ holder: Element) -> Element? {
        holder.children.first { $0.name.hasPrefix("value") && $0.name.count > 5 }
    }

    /// The values of an element's extensions with a URL.
    static func extensionValues(_ element: Element, _ url: String) -> [Element] {
        element.children(named: "extension").filter { $0.childValue("url") == url }.compactMap(value)
    }

    func check(_ answer: Element, expression: String, sink: inout IssueSink) {
        guard let value = Self.value(answer) else { return }
        let type = question.childValue("type") ?? ""
        let valueType = String(value.name.dropFirst(5))
        let at = "\(expression).value"
        if let allowed = Self.allowedTypes[type], !allowed.contains(valueType) {
            let expected = type == "url" ? "uri" : type
            sink.add(.error, .structure, "questionnaire.answer-type",
                     "Answer value must be of the type \(expected) not \(Self.typeName(valueType))", at, value.position)
            return
        }
        checkOptions(value, valueType: valueType, type: type, at: at, sink: &sink)
        checkLimits(value, valueType: valueType, at: at, sink: &sink)
    }

    private func checkOptions(_ value: Element, valueType: String, type: String, at: String, sink: inout IssueSink) {
        let options = question.children(named: "answerOption").compactMap(Self.value)
        let freeText = type == "open-choice" && valueType == "String"
        if !options.isEmpty, !freeText {
            let sameType = options.filter { $0.name == value.name }
            if sameType.isEmpty {
                sink.add(.error, .structure, "questionnaire.option-type",
                         "Option list has no option values of type \(Self.typeName(valueType))", at, value.position)
            } else if !sameType.contains(where: { Self.compare(value, $0) == 0 }) {
                sink.add(.error, .codeInvalid, "questionnaire.option-not-permitted",
                         "The \(Self.typeName(valueType)) \(Self.label(value)) is not in the set of permitted values", at, value.position)
            }
        }
        guard let valueSet = question.childValue("answerValueSet") else { return }
        if valueType == "Coding", let code = value.childValue("code"),
           context.terminology?.membership(system: value.childValue("system"), code: code, valueSet: valueSet) == .notMember {
            sink.add(.error, .codeInvalid, "questionnaire.not-in-value-set",
                     "The code \(Self.label(value)) is not in the answer value set \(valueSet)", at, value.position)
        } else if valueType == "String", !freeText, let text = value.value,
                  context.terminology?.membership(system: nil, code: text, valueSet: valueSet) == .notMember {
            // A string item bound to a value set (R4 que-5 allows it) takes one of the value set's codes.
            sink.add(.error, .codeInvalid, "questionnaire.not-in-value-set",
                     "The value '\(text)' is not in the list of allowed values (value set '\(valueSet)')", at, value.position)
        }
    }

    private func checkLimits(_ value: Element, valueType: String, at: String, sink: inout IssueSink) {
        func fail(_ id: String, _ message: String) {
            sink.add(.error, .value, "questionnaire." + id, message, at, value.position)
        }
        let text = value.value ?? ""
        switch valueType {
        case "String":
            if let max = question.childValue("maxLength").flatMap(Int.init), text.count > max {
                fail("max-length", "The answer '\(text)' is longer than the allowed maximum length of \(max)")
            }
            if let min = Self.extensionValues(question, Self.extensionBase + "minLength").first?.value.flatMap(Int.init), text.count < min {
                fail("min-length", "The answer '\(text)' is shorter than the required minimum length of \(min)")
            }
            if let pattern = Self.extensionValues(question, Self.extensionBase + "regex").first?.value,
               let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$"),
               regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                fail("regex", "The answer '\(text)' does not match the expected format (regex '\(pattern)')")
            }
        case "Integer", "Decimal", "Date", "DateTime", "Time":
            for (url, sign, word) in [("minValue", -1, "less than the allowed minimum"), ("maxValue", 1, "greater than the allowed maximum")] {
                guard let limit = Self.extensionValues(question, Self.extensionBase + url).first, let limitText = limit.value,
                      Self.compare(value, limit) == sign else { continue }
                fail(url == "minValue" ? "min-value" : "max-value", "The value \(text) is \(word) of \(limitText)")
            }
            if valueType == "Decimal", let places = Self.extensionValues(question, Self.extensionBase + "maxDecimalPlaces").first?.value.flatMap(Int.init),
               let dot = text.firstIndex(of: "."), text[text.index(after: dot)...].count > places {
                fail("decimal-places", "The value \(text) has too many decimal places (limit = \(places))")
            }
        case "Quantity":
            checkQuantity(value, fail: fail)
        case "Attachment":
            let types = Self.extensionValues(question, Self.extensionBase + "mimeType").compactMap(\.value)
            if !types.isEmpty, let contentType = value.childValue("contentType"), !types.contains(contentType) {
                fail("mime-type", "The mime type \(contentType) is not valid for this answer (allowed = \(types.joined(separator: ",")))")
            }
            if let maxSize = Self.extensionValues(question, Self.extensionBase + "maxSize").first?.value.flatMap(Double.init) {
                let size = value.childValue("size").flatMap(Double.init) ?? value.childValue("data").map { Double($0.count / 4 * 3) }
                if let size, size > maxSize { fail("max-size", "The attachment is too large (allowed = \(Int(maxSize)), found = \(Int(size)))") }
            }
        case "Reference":
            let allowed = Self.extensionValues(question, Self.extensionBase + "questionnaire-referenceResource").compactMap(\.value)
            guard let reference = value.childValue("reference"), !reference.hasPrefix("#"), !reference.hasPrefix("urn:") else { return }
            let parts = reference.split(separator: "/")
            guard parts.count >= 2 else { return }
            let type = parts[parts.count - (parts.count >= 4 && parts[parts.count - 2] == "_history" ? 4 : 2)]
            if !context.isResourceType(type) {
                fail("reference-type", "The resource type \(type) in the reference \(reference) is not valid")
            } else if !allowed.isEmpty, !allowed.contains(String(type)) {
                fail("reference-type", "The resource type '\(type)' in the reference \(reference) is not allowed (allowed = \(allowed.joined(separator: ",")))")
            }
        default:
            break
        }
    }

    private func checkQuantity(_ value: Element, fail: (String, String) -> Void) {
        let units = Self.extensionValues(question, Self.extensionBase + "questionnaire-unitOption")
        if !units.isEmpty, !units.contains(where: { $0.childValue("system") == value.childValue("system") && $0.childValue("code") == value.childValue("code") }) {
            fail("unit", "The value \(Self.label(value)) has a unit that is not allowed (allowed = \(units.map(Self.label).joined(separator: ",")))")
        }
        let sdc = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-"
        for (url, sign, word) in [("minValue", -1, "less than the allowed minimum"), ("maxValue", 1, "greater than the allowed maximum")] {
            let sdcURL = sdc + (url == "minValue" ? "minQuantity" : "maxQuantity")
            guard let limit = Self.extensionValues(question, Self.extensionBase + url).first ?? Self.extensionValues(question, sdcURL).first else { continue }
            guard let a = QuantityScale.canonical(value), let b = QuantityScale.canonical(limit) else {
                fail("quantity-units", "The quantity \(Self.label(value)) cannot be compared to the allowed \(url == "minValue" ? "minimum" : "maximum") of \(Self.label(limit)) because no formal units are specified")
                continue
            }
            guard a.unit == b.unit else { continue }
            if (a.value < b.value ? -1 : a.value > b.value ? 1 : 0) == sign {
                fail(url == "minValue" ? "min-value" : "max-value", "The quantity \(Self.label(value)) is \(word) of \(Self.label(limit))")
            }
        }
    }

    /// Orders two values of the same kind: -1, 0, 1; nil when they cannot be compared.
    /// Numbers by value, Codings by system and code (equal or not), dates and times by their
    /// ISO text (which orders them, a shorter prefix sorting first).
    static func compare(_ a: Element, _ b: Element) -> Int? {
        let aType = typeSuffix(a), bType = typeSuffix(b)
        if aType == "Coding" || bType == "Coding" {
            guard aType == bType else { return nil }
            let same = a.childValue("code") == b.childValue("code")
                && (a.childValue("system") == nil || b.childValue("system") == nil || a.childValue("system") == b.childValue("system"))
            return same ? 0 : 1
        }
        if aType == "Reference" || bType == "Reference" {
            return a.childValue("reference") == b.childValue("reference") ? 0 : 1
        }
        guard let x = a.value, let y = b.value else { return nil }
        if ["Integer", "Decimal"].contains(aType), ["Integer", "Decimal"].contains(bType), let p = Double(x), let q = Double(y) {
            return p < q ? -1 : p > q ? 1 : 0
        }
        return x < y ? -1 : x > y ? 1 : 0
    }

    /// `Coding` for `valueCoding` or `answerCoding`.
    static func typeSuffix(_ element: Element) -> Substring {
        element.name.hasPrefix("answer") ? element.name.dropFirst(6) : element.name.dropFirst(5)
    }

    static func typeName(_ valueType: String) -> String {
        ["Coding", "Quantity", "Attachment", "Reference"].contains(valueType) ? valueType : valueType.prefix(1).lowercased() + valueType.dropFirst()
    }

    static func label(_ value: Element) -> String {
        if let code = value.childValue("code") {
            let number = value.childValue("value").map { $0 + " " } ?? ""
            return number + (value.childValue("system").map { "\($0)#" } ?? "") + code
        }
        if let number = value.childValue("value") { return number + (value.childValue("unit").map { " " + $0 } ?? "") }
        return value.value ?? value.childValue("display") ?? ""
    }
}
