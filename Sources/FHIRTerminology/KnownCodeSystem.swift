/// The code systems answered without a CodeSystem resource: from the compiled releases
/// (SNOMED CT, dm+d) or by their grammar (UCUM, BCP-47, MIME types).
///
/// Every Coding of every resource is classified, so recognising one costs a comparison of
/// lengths per known system and a comparison of text only where a length agrees (most systems,
/// `http://loinc.org` or a CodeSystem's URL, have no known system of their length).
enum KnownCodeSystem: CaseIterable {
    case snomed, dmd, ucum, languages, mimeTypes

    /// The system's URI.
    var uri: String {
        switch self {
        case .snomed: SnomedIdentifier.system
        case .dmd: ReleaseLookup.dmdSystem
        case .ucum: BuiltInCodeSystems.ucum
        case .languages: BuiltInCodeSystems.languages
        case .mimeTypes: BuiltInCodeSystems.mimeTypes
        }
    }

    /// True for the systems checked by their grammar.
    var isBuiltIn: Bool { self == .ucum || self == .languages || self == .mimeTypes }

    /// The known system a URI names, or nil. O(known systems) length comparisons.
    init?(_ system: String) {
        let count = system.utf8.count
        for (known, length) in Self.lengths where length == count && system == known.uri {
            self = known
            return
        }
        return nil
    }

    private static let lengths: [(KnownCodeSystem, Int)] = allCases.map { ($0, $0.uri.utf8.count) }
}
