/// Where validation finds code systems, value sets, concepts and organisations. Lookups never
/// touch the network. Providers are classes: compiled bindings remember, by identity, the
/// provider their value set was looked up in.
public protocol TerminologyProvider: AnyObject, Sendable {
    /// The content of a code system by canonical (`url` or `url|version`), or nil when not loaded.
    func codeSystem(_ canonical: String) -> CodeSystemContent?
    /// The expansion of a value set by canonical, or nil when the value set is not loaded.
    func expansion(of valueSet: String) -> ValueSetExpansion?
    /// A concept of a system backed by a compiled release (SNOMED CT, dm+d).
    func lookup(system: String, code: String) -> ConceptLookup
    /// Whether a code (with its system, when it has one) is in a value set; nil when the value
    /// set is not loaded.
    func membership(system: String?, code: String, valueSet: String) -> Membership?
    /// An ODS organisation by code.
    func organisation(code: String) -> OrganisationLookup
    /// A SNOMED CT description by id (UK Core's description-id extensions).
    func snomedDescription(_ id: String) -> DescriptionLookup
}

/// What a release knows of a code.
public enum ConceptLookup: Sendable {
    case found(ConceptDetails)
    /// The release for this code is loaded and does not have it: the reason.
    case unknown(String)
    /// The release that would hold the code is not compiled in: what to compile in.
    case notLoaded(String)
    /// The system is not one a release backs (package code systems answer instead).
    case notHandled
}

/// A concept found in a release.
public struct ConceptDetails: Sendable {
    public var display: String?
    /// Every term a display may use.
    public var designations: [String]
    public var inactive: Bool
    /// How to name the concept in messages (`id |term|`).
    public var label: String

    public init(display: String?, designations: [String], inactive: Bool, label: String) {
        self.display = display
        self.designations = designations
        self.inactive = inactive
        self.label = label
    }
}

/// Whether a code is in a value set.
public enum Membership: Sendable, Equatable {
    case member
    case notMember
    /// It cannot be decided offline: why (naming the release to compile in, when that is the reason).
    case unknown(String)
}

/// What the loaded ODS data says of an organisation code.
public enum OrganisationLookup: Sendable {
    case found(ReleaseStore.Organisation)
    case unknown
    case notLoaded
}

extension TerminologyProvider {
    /// A code system in the version asked for (`system|version`), else in whichever version is loaded.
    public func codeSystem(_ system: String, version: String?) -> CodeSystemContent? {
        version.flatMap { codeSystem(system + "|" + $0) } ?? codeSystem(system)
    }

    public func lookup(system: String, code: String) -> ConceptLookup { .notHandled }
    public func organisation(code: String) -> OrganisationLookup { .notLoaded }

    /// Membership from the value set's expansion (what providers without rule evaluation do).
    public func membership(system: String?, code: String, valueSet: String) -> Membership? {
        guard let expansion = expansion(of: valueSet) else { return nil }
        let present = expansion.contains(system: system, code: code)
        if present { return .member }
        return expansion.isComplete ? .notMember : .unknown("not all of the value set's code systems are loaded")
    }
}

/// What a release says of a SNOMED CT description id.
public enum DescriptionLookup: Sendable {
    case found(ReleaseStore.Description)
    /// Not a valid description id, or not in a release that holds its namespace: why.
    case invalid(String)
    case notLoaded
}

extension TerminologyProvider {
    public func snomedDescription(_ id: String) -> DescriptionLookup {
        SnomedIdentifier.descriptionProblem(id).map { .invalid($0) } ?? .notLoaded
    }
}
