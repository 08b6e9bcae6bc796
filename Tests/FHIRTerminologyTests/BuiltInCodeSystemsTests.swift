import Testing
@testable import FHIRTerminology

@Suite struct BuiltInCodeSystemsTests {
    @Test(arguments: ["mg/dL", "mm[Hg]", "/min", "10*3/uL", "kg/m2", "%", "{beats}/min", "mL/(kg.min)", "Cel", "[degF]", "ug/L",
                      "m[H2O]", "s-1", "1", "[iU]/L", "mmol/mol", "cm", "kcal/d", "wk", "[lb_av]", "10^9/L"])
    func validUCUMUnits(unit: String) {
        #expect(UCUMSyntax.problem(unit) == nil)
    }

    @Test(arguments: ["mg/dLL", "mg /dL", "", "kg/", "(mg", "gm", "foo", "mg{x"])
    func invalidUCUMUnits(unit: String) {
        #expect(UCUMSyntax.problem(unit) != nil)
    }

    @Test(arguments: ["en", "en-GB", "zh-Hant-TW", "zh-yue-HK", "de-CH-1901", "x-private", "en-US-x-twain", "es-419", "cy", "en-a-bbb-x-a-ccc"])
    func validLanguageTags(tag: String) {
        #expect(BuiltInCodeSystems.problem(system: BuiltInCodeSystems.languages, code: tag) == nil)
    }

    @Test(arguments: ["english!", "e", "en--GB", "en-GB-x", "123", "en-a", "en-GB-toolongsubtag"])
    func invalidLanguageTags(tag: String) {
        #expect(BuiltInCodeSystems.problem(system: BuiltInCodeSystems.languages, code: tag) != nil)
    }

    @Test(arguments: ["image/jpeg", "application/fhir+json", "text/plain; charset=utf-8", "application/vnd.ms-excel"])
    func validMimeTypes(type: String) {
        #expect(BuiltInCodeSystems.problem(system: BuiltInCodeSystems.mimeTypes, code: type) == nil)
    }

    @Test(arguments: ["jpeg", "foo/bar", "image/", "image/jp eg"])
    func invalidMimeTypes(type: String) {
        #expect(BuiltInCodeSystems.problem(system: BuiltInCodeSystems.mimeTypes, code: type) != nil)
    }
}
