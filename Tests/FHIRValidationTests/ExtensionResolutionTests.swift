import Testing

@Suite struct ExtensionResolutionTests {
    @Test func knownCoreExtensionIsValidatedAgainstItsDefinition() {
        let ok = #"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace", "valueAddress": {"city": "Leeds"}}]}"#
        #expect(errorSummaries(validateJSON(ok)) == [])
        let wrongType = #"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace", "valueString": "Leeds"}]}"#
        // The value of the wrong type is reported for its type, not again as a missing value (min 1).
        #expect(errorSummaries(validateJSON(wrongType)) == ["choice.type-not-allowed@Patient.extension[0].valueString@1:128"])
        let noValue = #"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"}]}"#
        #expect(errorSummaries(validateJSON(noValue)).contains("cardinality.min@Patient.extension[0]@1:43"))
    }

    @Test func unknownExtensionIsAnErrorInXML() {
        let xml = "<Patient xmlns=\"http://hl7.org/fhir\">\n<extension url=\"https://fhir.example.com/StructureDefinition/nope\"><valueString value=\"x\"/></extension></Patient>"
        let result = validateXML(xml)
        #expect(errorSummaries(result) == ["extension.unknown@Patient.extension[0]@2:1"])
        #expect(errors(result).first?.message == "The extension https://fhir.example.com/StructureDefinition/nope could not be found so is not allowed here")
    }

    @Test func relativeTopLevelExtensionUrlIsAnError() {
        let json = #"{"resourceType": "Patient", "extension": [{"url": "species", "valueString": "x"}]}"#
        #expect(errors(validateJSON(json)).map(\.messageID) == ["extension.url-not-absolute"])
    }

    /// A versioned extension URL is an error (and differs from the url the definition fixes), and
    /// the extension is still resolved and checked by its URL without the version (here: a birth
    /// place must be an Address).
    @Test func versionedExtensionUrlIsAnErrorAndStillResolves() {
        let json = #"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace|4.0.1", "valueString": "Leeds"}]}"#
        #expect(errors(validateJSON(json)).map { "\($0.messageID)@\($0.expression ?? "")" } ==
            ["extension.url-versioned@Patient.extension[0]", "fixed.value@Patient.extension[0].url",
             "choice.type-not-allowed@Patient.extension[0].valueString"])
    }

    @Test func extensionWithoutUrlFailsCardinality() {
        let json = #"{"resourceType": "Patient", "extension": [{"valueString": "x"}]}"#
        #expect(errorSummaries(validateJSON(json)) == ["cardinality.min@Patient.extension[0]@1:43"])
    }

    @Test func subExtensionUrlMustBeOneTheComplexExtensionDefines() {
        func animal(_ part: String) -> String {
            #"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-animal", "extension": [{"url": "species", "valueCodeableConcept": {"text": "dog"}}, {"url": "\#(part)", "valueCodeableConcept": {"text": "x"}}]}]}"#
        }
        #expect(errors(validateJSON(animal("breed"))).isEmpty)
        #expect(errors(validateJSON(animal("species-x"))).map { "\($0.messageID)@\($0.expression ?? "")" } ==
            ["extension.sub-extension-unknown@Patient.extension[0].extension[1]"])
    }
}
