import FHIRElements

/// An NHS number (`Identifier.system` = `https://fhir.nhs.uk/Id/nhs-number`) is ten digits whose
/// last is the modulus-11 check digit of the first nine (NHS Data Dictionary, "NHS Number").
struct NHSNumberRule: TypeRule {
    static let system = "https://fhir.nhs.uk/Id/nhs-number"
    let type = "Identifier"

    func check(_ element: Element, declared: CompiledType, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard element.childValue("system") == Self.system, let valueElement = element.child("value"),
              let value = valueElement.value else { return }
        if let problem = Self.problem(value) {
            sink.add(.error, .invalid, "nhs-number.invalid", "The NHS number '\(value)' is not valid: \(problem)",
                     "\(expression).value", valueElement.position)
        }
    }

    /// Why a value is not a valid NHS number, or nil. O(1).
    static func problem(_ value: String) -> String? {
        let digits = value.utf8.map { Int($0) - 48 }
        guard digits.count == 10, digits.allSatisfy({ (0...9).contains($0) }) else {
            return "it must be exactly 10 digits, without spaces"
        }
        let sum = zip(digits.prefix(9), stride(from: 10, to: 1, by: -1)).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        if check == 10 { return "no valid check digit exists for these first nine digits" }
        if (check == 11 ? 0 : check) != digits[9] {
            return "the check digit is \(digits[9]) but should be \(check == 11 ? 0 : check)"
        }
        return nil
    }
}
