import FHIRElements

/// The R4 vital signs profiles an Observation must conform to because of its code.
///
/// R4 observation-vitalsigns: "If a FHIR Observation resource has an Observation.code listed in
/// the table below, it SHALL conform to the corresponding profile." The codes are the LOINC
/// codes those core profiles fix on `Observation.code`. One table per validator: its profiles'
/// compiled structures are looked up in the validator's store once each, not by URL per resource.
final class VitalSignsProfiles: Sendable {
    static let loinc = "http://loinc.org"
    /// The profiles' ids and the LOINC code each fixes, in one order (a profile's index).
    static let table: [(id: String, code: String)] = [
        ("vitalspanel", "85353-1"), ("resprate", "9279-1"), ("heartrate", "8867-4"), ("oxygensat", "2708-6"), ("bodytemp", "8310-5"),
        ("bodyheight", "8302-2"), ("headcircum", "9843-4"), ("bodyweight", "29463-7"), ("bmi", "39156-5"), ("bp", "85354-9"),
    ]
    static let canonicals = table.map { "http://hl7.org/fhir/StructureDefinition/" + $0.id }

    private let store: SchemaStore
    /// Per profile, its compiled structure in `store`, looked up on first use.
    private let structures = table.map { _ in LazySlot<CompiledStructure?>() }

    init(store: SchemaStore) { self.store = store }

    /// The profiles an Observation's LOINC codings select, by index, in order and each once (none
    /// for other resources). O(codings).
    static func profileIndices(for resource: Element) -> [Int] {
        let root = ElementRef(resource)
        guard resource.resourceType == "Observation", let slot = root.childSlot("code") else { return [] }
        var indices: [Int] = []
        // Codes are compared as bytes in place, against the ten of the table (every Observation
        // comes here: no String is made of its codings, and no code is hashed).
        let code = root.child(at: slot)
        for slot in 0..<code.childCount {
            let coding = code.child(at: slot)
            guard coding.nameBytes.isText("coding"), coding.childValueBytes("system")?.isText(loinc) == true,
                  let value = coding.childValueBytes("code"),
                  let index = table.firstIndex(where: { value.isText($0.code) }), !indices.contains(index) else { continue }
            indices.append(index)
        }
        return indices
    }

    /// What the table asks of one resource, and how it is checked.
    struct Selection {
        /// The one profile the resource's code selects, compiled, when it is loaded: validated in
        /// place of the base definition (R4 requires the Observation to conform to it, and its
        /// snapshot states every rule of the base definition, so one pass checks both).
        let inPlaceOfBase: (canonical: String, structure: CompiledStructure)?
        /// The profiles checked beside the base definition: several a code selects, or one not loaded.
        let besideBase: [String]
    }

    /// The selection for a resource of `type` (its resource type). O(codings).
    func selection(for resource: Element, type: String) -> Selection {
        let indices = Self.profileIndices(for: resource)
        if indices.count == 1, let structure = structure(indices[0]), structure.type == type {
            return Selection(inPlaceOfBase: (Self.canonicals[indices[0]], structure), besideBase: [])
        }
        return Selection(inPlaceOfBase: nil, besideBase: indices.map { Self.canonicals[$0] })
    }

    /// The compiled structure of the profile at `index`, or nil when it is not loaded. O(1) after the first call.
    private func structure(_ index: Int) -> CompiledStructure? {
        structures[index].value { store.structure(canonical: Self.canonicals[index]) }
    }
}
