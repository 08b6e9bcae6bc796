import FHIRElements

/// The R4 vital signs profiles an Observation must conform to because of its code.
///
/// R4 observation-vitalsigns: "If a FHIR Observation resource has an Observation.code listed in
/// the table below, it SHALL conform to the corresponding profile." The codes are the LOINC
/// codes those core profiles fix on `Observation.code`.
enum VitalSignsProfiles {
    static let loinc = "http://loinc.org"
    /// The profile's canonical by LOINC code.
    static let byCode: [String: String] = [
        "85353-1": "vitalspanel", "9279-1": "resprate", "8867-4": "heartrate", "2708-6": "oxygensat", "8310-5": "bodytemp",
        "8302-2": "bodyheight", "9843-4": "headcircum", "29463-7": "bodyweight", "39156-5": "bmi", "85354-9": "bp",
    ].mapValues { "http://hl7.org/fhir/StructureDefinition/" + $0 }

    /// The profiles an Observation's LOINC codings select (none for other resources). O(codings).
    static func profiles(for resource: Element) -> [String] {
        guard resource.resourceType == "Observation", let code = resource.child("code") else { return [] }
        var profiles: [String] = []
        for coding in code.children where coding.name == "coding" && coding.childValue("system") == loinc {
            if let url = coding.childValue("code").flatMap({ byCode[$0] }), !profiles.contains(url) { profiles.append(url) }
        }
        return profiles
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

    /// The selection for a resource of `type` (its resource type), from the store's structures.
    /// O(codings).
    static func selection(for resource: Element, type: String, in store: SchemaStore) -> Selection {
        let profiles = profiles(for: resource)
        if profiles.count == 1, let structure = store.structure(canonical: profiles[0]), structure.type == type {
            return Selection(inPlaceOfBase: (profiles[0], structure), besideBase: [])
        }
        return Selection(inPlaceOfBase: nil, besideBase: profiles)
    }
}
