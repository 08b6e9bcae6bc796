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

    /// The compiled vital signs profile a resource of `type` is validated against in place of
    /// its base definition: R4 requires the Observation to conform to it, and its snapshot states
    /// every rule of the base definition, so one pass checks both. Nil when it is not loaded.
    static func structure(_ canonical: String, for type: String, in store: SchemaStore) -> CompiledStructure? {
        guard let structure = store.structure(canonical: canonical), structure.type == type else { return nil }
        return structure
    }
}
