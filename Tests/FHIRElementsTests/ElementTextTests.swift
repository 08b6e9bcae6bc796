import Testing
@testable import FHIRElements

/// Names and values live as UTF-8 bytes in their tree: read in place by the byte-level API and
/// made Strings on request, the two agree, and an absent value is told from an empty one.
@Suite struct ElementTextTests {
    private func root(_ json: String) throws -> Element {
        try #require(ResourceParser.parse(Array(json.utf8)).root)
    }

    @Test func namesAndValuesReadAsBytesAgreeWithTheirStrings() throws {
        let patient = try root(#"{"resourceType":"Patient","id":"p1","name":[{"family":"Ødegård","given":["Åse","Bo"]}],"active":true,"multipleBirthInteger":2}"#)
        #expect(patient.childCount == 4)
        let name = patient.child(at: 1)
        #expect(name.name == "name" && name.hasName("name") && !name.hasName("nam") && !name.hasName("names"))
        let family = try #require(name.child("family"))
        #expect(family.value == "Ødegård" && family.hasValue("Ødegård") && !family.hasValue("Odegard"))
        #expect(Array(try #require(family.valueBytes)) == Array("Ødegård".utf8))
        #expect(name.children(named: "given").map(\.value) == ["Åse", "Bo"])
        #expect(patient.childValue("active") == "true" && patient.child("multipleBirthInteger")?.valueKind == .number)
        #expect(Array(try #require(patient.childValueBytes("id"))) == Array("p1".utf8))
        #expect(patient.childValueBytes("gender") == nil && patient.child("gender") == nil)
    }

    @Test func anAbsentValueIsNotAnEmptyOne() throws {
        let patient = try root(#"{"resourceType":"Patient","id":"","name":[{"family":"X"}]}"#)
        let id = try #require(patient.child("id"))
        #expect(id.hasValue && id.value == "" && id.valueBytes?.count == 0 && id.hasValue(""))
        let name = try #require(patient.child("name"))
        #expect(!name.hasValue && name.value == nil && name.valueBytes == nil && !name.hasValue(""))
        // Same value: both absent, or equal bytes (from any trees).
        let other = try root(#"{"resourceType":"Patient","id":"","name":[{"family":"X"}]}"#)
        #expect(id.hasSameValue(as: try #require(other.child("id"))))
        #expect(name.hasSameValue(as: try #require(other.child("name"))) && !name.hasSameValue(as: id))
        #expect(name.hasSameName(as: try #require(other.child("name"))) && !name.hasSameName(as: id))
    }

    @Test func childSlotsAreFoundByNameWithoutViews() throws {
        let observation = try root(#"{"resourceType":"Observation","status":"final","valueQuantity":{"value":1},"component":[{"valueString":"a"},{"valueString":"b"}],"value":"x"}"#)
        let slots = "value".withUTF8Bytes { value in
            var slots: [Int] = []
            var from = 0
            while let slot = observation.nextChildSlot(from: from, where: { $0.isNameOrTypedChoiceName(of: value) }) {
                slots.append(slot)
                from = slot + 1
            }
            return slots
        }
        #expect(slots == [1, 4])  // valueQuantity and value; not status, not component
        #expect(observation.child(at: 1).hasTypedChoiceName(of: "value") && !observation.child(at: 4).hasTypedChoiceName(of: "value"))
        #expect(observation.child(at: 4).hasNameOrTypedChoiceName(of: "value") && !observation.child(at: 0).hasNameOrTypedChoiceName(of: "value"))
        #expect(observation.nextChildSlot(from: 5, where: { _ in true }) == nil)
    }

    @Test func unretainedViewsReadWhatElementViewsRead() throws {
        let patient = try root(#"{"resourceType":"Patient","id":"p1","name":[{"family":"X","given":["A","B"]}],"active":true}"#)
        let ref = ElementRef(patient)
        #expect(ref.childCount == patient.childCount && ref.element === patient)
        for slot in 0..<ref.childCount {
            #expect(ref.child(at: slot).element === patient.child(at: slot))
            #expect(Array(ref.childNameBytes(at: slot)) == Array(patient.child(at: slot).name.utf8))
        }
        let name = ref.child(at: try #require(ref.childSlot("name")))
        #expect(name.childCount == 3 && !name.hasValue && name.valueBytes == nil)
        #expect(name.childValueBytes("given").map { Array($0) } == Array("A".utf8))
        #expect(ref.childSlot("missing") == nil && ref.childValueBytes("active").map { Array($0) } == Array("true".utf8))
    }

    @Test func aCopiedElementKeepsItsTexts() throws {
        let patient = try root(#"{"resourceType":"Patient","id":"p1","name":[{"family":"Ødegård"}]}"#)
        let copy = Element(name: "wrapper", value: "w", children: Array(patient.children), position: SourcePosition(line: 1, column: 1))
        #expect(copy.name == "wrapper" && copy.value == "w")
        #expect(copy.child("name")?.childValue("family") == "Ødegård" && copy.childValue("id") == "p1")
    }
}
