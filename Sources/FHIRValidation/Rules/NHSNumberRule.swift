import FHIRElements

/// An NHS number (`Identifier.system` = `https://fhir.nhs.uk/Id/nhs-number`) is ten digits whose
/// last is the modulus-11 check digit of the first nine (NHS Data Dictionary, "NHS Number").
struct NHSNumberRule: TypeRule {
    static let system = "https://fhir.nhs.uk/Id/nhs-number"
    let type = "Identifier"

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        guard element.childValue("system") == Self.system, let valueElement = element.child("value"),
              let value = valueElement.value else { return }
        if let problem = Self.problem(value) {
            sink.add(.error, .invalid, "nhs-number.invalid", "The NHS number '\(value)' is not valid: \(problem)",
                     "\(expression()).value", valueElement.position)
        }
    }

    /// Why a value is not a valid NHS number, or nil. O(1).
    static func problem(_ value: String) -> String? {
        // Weighted sum of the first nine digits (weights 10 down to 2), read from the bytes.
        var sum = 0, count = 0, last = 0
        for byte in value.utf8 {
            let digit = Int(byte) &- 48
            guard (0...9).contains(digit), count < 10 else { return "it must be exactly 10 digits, without spaces" }
            if count < 9 { sum += digit * (10 - count) } else { last = digit }
            count += 1
        }
        guard count == 10 else { return "it must be exactly 10 digits, without spaces" }
        let check = 11 - sum % 11
        if check == 10 { return "no valid check digit exists for these first nine digits" }
        if (check == 11 ? 0 : check) != last {
            return "the check digit is \(last) but should be \(check == 11 ? 0 : check)"
        }
        return nil
    }
}
