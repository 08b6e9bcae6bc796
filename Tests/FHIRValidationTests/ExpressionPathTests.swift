import Testing
@testable import FHIRValidation

/// Paths are written as FHIRPath expressions; siblings share a buffer without disturbing their parent's text.
@Suite struct ExpressionPathTests {
    @Test func childrenAreWrittenWithTheirIndex() {
        ExpressionPath.withRoot("Patient") { patient in
            #expect(patient.child("gender", index: nil).text == "Patient.gender")
            #expect(patient.child("name", index: 0).text == "Patient.name[0]")
            #expect(patient.child("name", index: 0).child("given", index: 9).text == "Patient.name[0].given[9]")
        }
        ExpressionPath.withRoot("Bundle.entry[3].resource") { resource in
            #expect(resource.child("identifier", index: 1024).text == "Bundle.entry[3].resource.identifier[1024]")
        }
        ExpressionPath.withRoot("Observation") { observation in
            #expect(observation.child("valueQuantité", index: nil).text == "Observation.valueQuantité")
        }
    }

    @Test func aSiblingReplacesTheChildButNotTheParent() {
        ExpressionPath.withRoot("Patient") { patient in
            let name = patient.child("name", index: 0)
            let given = name.child("given", index: 1)
            #expect(given.text == "Patient.name[0].given[1]")
            let telecom = patient.child("telecom", index: 12)  // the walk moved on to name's sibling
            #expect(telecom.text == "Patient.telecom[12]")
            #expect(patient.text == "Patient")
            #expect(name.text.hasPrefix("Patient."))  // its bytes now belong to the sibling: re-derive it
            #expect(patient.child("name", index: 0).text == "Patient.name[0]")
        }
    }

    @Test func deepPathsOutgrowTheFirstBuffer() {
        ExpressionPath.withRoot("Questionnaire") { root in
            var path = root
            var expected = "Questionnaire"
            for depth in 0..<60 {
                path = path.child("item", index: depth)
                expected += ".item[\(depth)]"
            }
            #expect(path.text == expected)
            #expect(path.text.utf8.count > 128)
        }
    }
}
