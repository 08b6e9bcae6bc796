import FHIRValidation
import Foundation
import Testing

/// Validating as EPS does: profiles chosen by its CapabilityStatement and MessageDefinitions.
@Suite struct ApiProfileSelectionTests {
    static let validator: Validator = {
        let manifest = try! ApiManifest.read(repositoryRoot + "/IGPackages/apis/eps.json")
        return try! Validator.load(api: manifest)
    }()
    static let example = sharedRoot + "/nhs-apis/eps/examples/validation-service-repo/examples/primary-care/acute-and-repeat-prescribing/1-Prepare-Request-200_OK.json"

    private func bundle() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.example))) as! [String: Any]
    }

    private func validate(_ object: [String: Any]) throws -> ValidationResult {
        Self.validator.validate([UInt8](try JSONSerialization.data(withJSONObject: object)), format: .json)
    }

    @Test func capabilityStatementSelectsProfilesByType() {
        #expect(Self.validator.selection.byType["MedicationRequest"] == ["https://fhir.nhs.uk/StructureDefinition/NHSDigital-MedicationRequest"])
        #expect(Self.validator.selection.messages["https://fhir.nhs.uk/CodeSystem/message-event|prescription-order"]?.focus
            .first { $0.type == "MedicationRequest" }?.max == 4)
    }

    @Test func publishedPrescriptionOrderHasNoErrors() throws {
        #expect(errorSummaries(try validate(try bundle())) == [])
    }

    @Test func moreThanFourMedicationRequestsBreakTheMessageDefinition() throws {
        var object = try bundle()
        var entries = object["entry"] as! [[String: Any]]
        let request = entries.first { ($0["resource"] as? [String: Any])?["resourceType"] as? String == "MedicationRequest" }!
        for i in 0..<3 {
            var copy = request
            copy["fullUrl"] = "urn:uuid:00000000-0000-4000-8000-00000000000\(i)"
            entries.append(copy)
        }
        object["entry"] = entries
        let result = try validate(object)
        #expect(errorSummaries(result) == ["message.focus-max@Bundle@1:1"])
        #expect(errors(result).first?.message.hasPrefix("Bundle contains too many resources of type MedicationRequest. Expected at most 4") == true)
    }

    @Test func selectedProfileIsAppliedToBundleEntries() throws {
        // NHSDigital-MedicationRequest requires groupIdentifier; removing it must fail the entry.
        var object = try bundle()
        var entries = object["entry"] as! [[String: Any]]
        let index = entries.firstIndex { ($0["resource"] as? [String: Any])?["resourceType"] as? String == "MedicationRequest" }!
        var resource = entries[index]["resource"] as! [String: Any]
        resource.removeValue(forKey: "groupIdentifier")
        entries[index]["resource"] = resource
        object["entry"] = entries
        let result = try validate(object)
        #expect(errors(result).contains { $0.messageID == "cardinality.min" && $0.message.contains("MedicationRequest.groupIdentifier") })
    }
}

/// Rules an API documents outside its profiles (manifest `rules`), evaluated like invariants.
@Suite struct ApiBusinessRuleTests {
    static let intentError = sharedRoot + "/nhs-apis/eps/examples/eps-api-repo/examples/errors/4-Process-Request-Send-400_invalid_intent.json"

    @Test func prescriptionWithIntentPlanFailsTheEPSIntentRule() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.intentError))
        let result = ApiProfileSelectionTests.validator.validate([UInt8](data), format: .json)
        #expect(errorSummaries(result) == ["eps-intent@Bundle.entry[1].resource.intent@77:19"])
    }

    @Test func intentOrderPassesTheEPSIntentRule() throws {
        let text = try String(contentsOfFile: Self.intentError, encoding: .utf8)
            .replacingOccurrences(of: "\"intent\": \"plan\"", with: "\"intent\": \"order\"")
        let result = ApiProfileSelectionTests.validator.validate([UInt8](text.utf8), format: .json)
        #expect(errorSummaries(result) == [])
    }

    @Test func ruleWithInvalidFHIRPathIsRejectedNamingTheManifest() {
        let rule = ApiBusinessRule(key: "x-1", resourceType: "Patient", expression: "name.where(", human: "h", severity: "error", source: "s")
        #expect(throws: OperationalError.self) { try ApiRuleSet([rule], manifest: "IGPackages/apis/x.json") }
        do {
            _ = try ApiRuleSet([rule], manifest: "IGPackages/apis/x.json")
        } catch {
            #expect(error.description.hasPrefix("IGPackages/apis/x.json: rule x-1"))
        }
    }
}
