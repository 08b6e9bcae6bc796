import Testing
@testable import FHIRTerminology

/// The systems answered without a CodeSystem resource are recognised by their exact URI.
@Suite struct KnownCodeSystemTests {
    @Test func eachKnownURIIsRecognised() {
        #expect(KnownCodeSystem("http://snomed.info/sct") == .snomed)
        #expect(KnownCodeSystem("https://dmd.nhs.uk") == .dmd)
        #expect(KnownCodeSystem("http://unitsofmeasure.org") == .ucum)
        #expect(KnownCodeSystem("urn:ietf:bcp:47") == .languages)
        #expect(KnownCodeSystem("urn:ietf:bcp:13") == .mimeTypes)
        #expect(KnownCodeSystem.allCases.allSatisfy { KnownCodeSystem($0.uri) == $0 })
    }

    @Test func nearMissesAreNotKnown() {
        // Same lengths as known URIs, other text; prefixes; case; a trailing slash.
        for system in ["http://snomed.info/xyz", "https://dmd.nhs.xx", "urn:ietf:bcp:48", "http://unitsofmeasure.org/",
                       "HTTP://snomed.info/sct", "http://snomed.info", "", "http://loinc.org"] {
            #expect(KnownCodeSystem(system) == nil, "\(system)")
        }
        #expect(BuiltInCodeSystems.handles("urn:ietf:bcp:47"))
        #expect(!BuiltInCodeSystems.handles("http://snomed.info/sct"))
        #expect(ReleaseLookup.handles("http://snomed.info/sct") && ReleaseLookup.handles("urn:ietf:bcp:13"))
        #expect(!ReleaseLookup.handles("http://loinc.org"))
    }
}
