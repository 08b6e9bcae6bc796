import FHIRElements

/// The code system URIs most Codings carry, as texts made once: a Coding's system is read from
/// its element's bytes, and one of these is handed out instead of a new String when the bytes
/// are its (a system URI is longer than a small string, so each new one is an allocation).
enum CodeSystemURIs {
    /// SNOMED CT, LOINC, UCUM, and the HL7 terminology systems every FHIR resource uses.
    static let common: [String] = [
        "http://snomed.info/sct", "http://loinc.org", "http://unitsofmeasure.org",
        "http://terminology.hl7.org/CodeSystem/observation-category", "http://terminology.hl7.org/CodeSystem/v2-0203",
        "http://terminology.hl7.org/CodeSystem/condition-clinical", "http://terminology.hl7.org/CodeSystem/condition-ver-status",
        "http://terminology.hl7.org/CodeSystem/condition-category", "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
        "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "https://dmd.nhs.uk",
    ]

    /// The text of a system URI's bytes: one of `common` when it is, else a new String. O(length).
    static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for uri in common where uri.utf8.count == bytes.count && bytes.isText(uri) { return uri }
        return String(decoding: bytes, as: UTF8.self)
    }
}
