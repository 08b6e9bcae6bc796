import FHIRElements
import Testing
@testable import FHIRValidation

/// A system URI's text is the same whether handed out from the common ones or made anew.
@Suite struct CodeSystemURIsTests {
    @Test func everySystemReadsAsItsOwnText() {
        let others = ["http://snomed.info/sc", "http://snomed.info/sctx", "http://LOINC.org", "urn:oid:1.2.3", "", "https://fhir.nhs.uk/Id/nhs-number"]
        for uri in CodeSystemURIs.common + others {
            #expect(uri.withUTF8Bytes(CodeSystemURIs.text) == uri)
        }
    }
}
