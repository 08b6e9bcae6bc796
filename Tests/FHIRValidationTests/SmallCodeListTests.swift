import Testing
@testable import FHIRTerminology
@testable import FHIRValidation

/// A small expansion's code list answers exactly what the expansion's own lookup answers.
@Suite struct SmallCodeListTests {
    private let gender = "http://hl7.org/fhir/administrative-gender"
    private let other = "http://example.org/other"

    private func expansion(_ codes: [SystemCode], systems: Set<String>) -> ValueSetExpansion {
        ValueSetExpansion(url: "http://example.org/vs", name: nil, codes: Set(codes), isComplete: true, systems: systems)
    }

    @Test(arguments: [
        ("male", nil as String?), ("female", nil as String?), ("mal", nil as String?), ("unknown", nil as String?),
        ("male", "http://hl7.org/fhir/administrative-gender"), ("male", "http://example.org/other"),
        ("x", "http://example.org/other"), ("x", nil as String?), ("", nil as String?),
    ])
    func agreesWithTheExpansion(code: String, system: String?) throws {
        // `x` sits in a system the value set does not list: found with its system, not without one.
        let codes = ["male", "female", "other"].map { SystemCode(system: gender, code: $0) } + [SystemCode(system: other, code: "x")]
        let expansion = expansion(codes, systems: [gender])
        let list = try #require(SmallCodeList(expansion))
        #expect(list.contains(system: system, code: code) == expansion.contains(system: system, code: code))
    }

    @Test func aLargeExpansionIsLeftToTheSet() {
        let codes = (0...SmallCodeList.limit).map { SystemCode(system: gender, code: "c\($0)") }
        #expect(SmallCodeList(expansion(codes, systems: [gender])) == nil)
        #expect(SmallCodeList(expansion(Array(codes.dropLast()), systems: [gender])) != nil)
    }
}
