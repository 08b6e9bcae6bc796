import FHIRElements
import FHIRTerminology
import FHIRValidation
import Synchronization
import Testing

/// A terminology that counts the code-system lookups validation asks of the one it wraps.
final class CountingTerminology: TerminologyProvider {
    let wrapped: TerminologyProvider
    private let systems = Mutex<[String]>([])

    init(_ wrapped: TerminologyProvider) { self.wrapped = wrapped }

    /// The canonicals asked for, in order.
    var systemsAsked: [String] { systems.withLock { $0 } }

    func codeSystem(_ canonical: String) -> CodeSystemContent? {
        systems.withLock { $0.append(canonical) }
        return wrapped.codeSystem(canonical)
    }
    func expansion(of valueSet: String) -> ValueSetExpansion? { wrapped.expansion(of: valueSet) }
    func lookup(system: String, code: String) -> ConceptLookup { wrapped.lookup(system: system, code: code) }
    func membership(system: String?, code: String, valueSet: String) -> Membership? {
        wrapped.membership(system: system, code: code, valueSet: valueSet)
    }
    func organisation(code: String) -> OrganisationLookup { wrapped.organisation(code: code) }
    func snomedDescription(_ id: String) -> DescriptionLookup { wrapped.snomedDescription(id) }
}

@Suite struct CodeSystemCheckTests {
    /// Each Coding of a CodeableConcept is checked against its code system once, as the Coding
    /// element the walk reaches (its CodeableConcept checked them all again before), and a
    /// wrong code is still reported once, at the Coding.
    @Test func eachCodingOfACodeableConceptIsCheckedOnce() throws {
        let terminology = CountingTerminology(try #require(sharedValidator.terminology))
        let validator = Validator(definitions: sharedValidator.schemas.definitions, terminology: terminology)
        let category = "http://terminology.hl7.org/CodeSystem/observation-category"
        let json = #"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "category": [{"coding": [{"system": "\#(category)", "code": "laboratory"}, {"system": "\#(category)", "code": "nonsense"}]}]}"#
        let result = validator.validate(Array(json.utf8), format: .json)
        #expect(terminology.systemsAsked.filter { $0 == category } == [category, category])
        #expect(result.issues.filter { $0.messageID == "code.unknown" }.map(\.expression) == ["Observation.category[0].coding[1].code"])
    }

    /// A Bundle entry checked against further profiles (here the two vital signs profiles its
    /// codes select) gets profile passes after its walk, as the root does: its codes are looked
    /// up once, not once more per profile, and the profiles' own findings remain.
    @Test func aBundleEntrysFurtherProfilesArePassesOverWhatTheWalkChecked() throws {
        let terminology = CountingTerminology(try #require(sharedValidator.terminology))
        let validator = Validator(definitions: sharedValidator.schemas.definitions, terminology: terminology)
        let category = "http://terminology.hl7.org/CodeSystem/observation-category"
        let observation = #"{"resourceType": "Observation", "status": "final", "category": [{"coding": [{"system": "\#(category)", "code": "vital-signs"}]}], "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}, {"system": "http://loinc.org", "code": "9279-1"}]}, "subject": {"reference": "Patient/p"}, "effectiveDateTime": "2024-01-01"}"#
        let bundle = #"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "http://example.org/Observation/o", "resource": \#(observation)}]}"#
        let result = validator.validate(Array(bundle.utf8), format: .json)
        #expect(terminology.systemsAsked.filter { $0 == category } == [category])
        // The profiles' own finding (vs-2: a value, or a reason it is absent; the base
        // definition has no such rule), the same in both, reported once.
        #expect(result.issues.filter { $0.messageID == "vs-2" }.map(\.expression) == ["Bundle.entry[0].resource"])
    }
}
