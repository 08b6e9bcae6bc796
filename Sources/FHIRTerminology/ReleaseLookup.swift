import Foundation

/// Concept lookups in the compiled releases, and what to compile in when one is missing.
enum ReleaseLookup {
    static let dmdSystem = "https://dmd.nhs.uk"

    static let snomedAdvice = "SNOMED CT is not compiled in: add a release with 'fhirval compile --snomed PATH' (TRUD: SNOMED CT UK Monolith, or International + UK Clinical + UK Drug Extension, RF2)"
    static let dmdAdvice = "dm+d is not compiled in: add the NHSBSA dm+d XML release with 'fhirval compile --dmd PATH'"
    static let odsAdvice = "ODS data is not compiled in: add ODS files with 'fhirval compile --ods PATH' (epraccur, etr, ets, …)"

    /// True for the systems releases back.
    static func handles(_ system: String) -> Bool { KnownCodeSystem(system) != nil }

    /// `details: false` only establishes whether the code exists (one probe, no descriptions).
    static func lookup(system: String, code: String, release: ReleaseStore?, details: Bool = true) -> ConceptLookup {
        lookup(KnownCodeSystem(system), code: code, release: release, details: details)
    }

    /// A lookup in a system already classified (nil: a system no release or grammar answers).
    static func lookup(_ known: KnownCodeSystem?, code: String, release: ReleaseStore?, details: Bool = true) -> ConceptLookup {
        switch known {
        case nil: return .notHandled
        case .snomed: return snomed(code, release, details: details)
        case .dmd:
            guard let release, release.hasDmd else { return .notLoaded(dmdAdvice) }
            guard let id = Int64(code), let product = release.dmdProduct(id) else {
                return .unknown("Unknown code '\(code)' in dm+d (the compiled release has no such product)")
            }
            return .found(productDetails(product))
        case let builtIn?:  // UCUM, BCP-47, MIME types
            if let problem = BuiltInCodeSystems.problem(system: builtIn.uri, code: code) { return .unknown(problem) }
            return .found(ConceptDetails(display: nil, designations: [], inactive: false, label: code))
        }
    }

    private static func snomed(_ code: String, _ release: ReleaseStore?, details: Bool) -> ConceptLookup {
        if let problem = SnomedIdentifier.conceptProblem(code) {
            return .unknown("'\(code)' is not a valid SNOMED CT concept id: \(problem)")
        }
        guard let release, release.hasSnomed || release.hasDmd, let id = Int64(code) else { return .notLoaded(snomedAdvice) }
        if !details, release.isKnownConcept(id) {
            return .found(ConceptDetails(display: nil, designations: [], inactive: false, label: code))
        }
        if let concept = release.concept(id) {
            let display = concept.preferredTerm ?? concept.fullySpecifiedName ?? concept.terms.first
            return .found(ConceptDetails(display: display, designations: concept.terms, inactive: !concept.active,
                                         label: "\(id) |\(display ?? "")|"))
        }
        if let product = release.dmdProduct(id) { return .found(productDetails(product)) }
        let namespace = SnomedIdentifier.namespace(id)
        guard release.hasSnomed, release.snomedNamespaces.contains(namespace) else {
            return .notLoaded(release.hasSnomed
                ? "the compiled SNOMED CT release has no content of namespace \(namespace); compile in the extension that holds it with 'fhirval compile --snomed PATH'"
                : snomedAdvice)
        }
        return .unknown("Unknown code '\(code)' in SNOMED CT (the compiled release has no such concept)")
    }

    private static func productDetails(_ product: ReleaseStore.DmdProduct) -> ConceptDetails {
        ConceptDetails(display: product.name, designations: [product.name], inactive: product.invalid,
                       label: "\(product.id) |\(product.name)| (dm+d \(product.kind))")
    }
}
