import Testing
@testable import FHIRValidation

@Suite struct ChildExpressionTests {
    @Test func aChildIsNamedAfterItsParentWithItsIndexWhenItRepeats() {
        #expect(ElementWalker.childExpression("Patient", "gender", index: nil) == "Patient.gender")
        #expect(ElementWalker.childExpression("Patient", "name", index: 0) == "Patient.name[0]")
        #expect(ElementWalker.childExpression("Bundle.entry[3].resource", "identifier", index: 1024) == "Bundle.entry[3].resource.identifier[1024]")
        #expect(ElementWalker.childExpression("Patient.name[0]", "given", index: 9) == "Patient.name[0].given[9]")
        #expect(ElementWalker.childExpression("Observation", "valueQuantité", index: nil) == "Observation.valueQuantité")
    }
}
