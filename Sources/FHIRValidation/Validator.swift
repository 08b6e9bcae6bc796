import FHIRDefinitions
import FHIRElements
import FHIRPackages
import FHIRPath
import FHIRTerminology
import Foundation

/// Validates FHIR resources against the base specification and profiles.
///
/// Build one from definitions and share it: `validate` may be called from many
/// threads at once. Structures are compiled on first use and kept; nothing on
/// the validation path reads definitions again.
///
/// ```swift
/// let validator = try Validator.load(packages: [], definitions: [])
/// let result = validator.validate(bytes)
/// print(result.isValid, result.issues)
/// ```
public final class Validator: Sendable {
    public let options: ValidationOptions
    public let schemas: SchemaStore
    /// The type model invariants are evaluated with.
    public let model: FHIRPathModel
    /// Code systems and value sets that codes are checked against.
    public let terminology: TerminologyProvider?
    private let resourceRules: [any ResourceRule]
    /// What every walk of this validator shares (structures, type rules, options, terminology).
    private let walkerSettings: WalkerSettings

    /// Profiles every resource of a type must conform to (`ImplementationGuide.global`), by type.
    public let globalProfiles: [String: [String]]
    /// Profiles an API selects by resource type and message event (empty when no API is chosen).
    public let selection: ProfileSelection

    /// A validator over any source of definitions.
    public init(definitions: DefinitionProvider, options: ValidationOptions = ValidationOptions(),
                globalProfiles: [String: [String]] = [:], terminology: TerminologyProvider? = nil,
                selection: ProfileSelection = ProfileSelection(), apiRules: ApiRuleSet = ApiRuleSet()) {
        self.terminology = terminology
        self.selection = selection
        self.options = options
        self.model = FHIRPathModel(definitions: definitions)
        self.globalProfiles = globalProfiles
        var rules: [any ResourceRule] = [ResourceIDRule(), ContainedResourceRule(), NarrativeLinkRule(), BundleRule(), BundleSearchRule(), CapabilityStatementRule(),
                                         ValueSetComposeRule(), CodeSystemPropertyRule(), CodeSystemCountRule(), StructureDefinitionRule(), SearchParameterRule(), QuestionnaireRule(), QuestionnaireResponseRule()]
        if !apiRules.isEmpty { rules.append(ApiBusinessRuleCheck(rules: apiRules, model: model)) }
        self.resourceRules = rules
        let typeRules = TypeRuleTable(
            [AttachmentSizeRule(), ReferenceFormatRule(), ReferenceTargetRule(), NHSNumberRule(), ODSCodeRule(), SnomedDescriptionRule()])
        self.schemas = SchemaStore(definitions: definitions, typeRules: typeRules, terminology: terminology)
        walkerSettings = WalkerSettings(store: schemas, allowedExtensionDomains: options.allowedExtensionDomains,
                                        model: model, bestPractice: options.bestPractice, terminology: terminology)
    }

    /// Loads packages (paths or `name#version`, plus their dependencies and R4 core) and
    /// loose definition files or folders, and builds a validator over them.
    /// - Throws: `OperationalError` naming the package or file that could not be read.
    public static func load(packages: [String], definitions: [String], options: ValidationOptions = ValidationOptions(),
                            locator: PackageLocator = .standard(), cache: PackageCache = PackageCache()) throws(OperationalError) -> Validator {
        let index = try DefinitionLoader(locator: locator, cache: cache).load(packages: packages, definitions: definitions)
        return Validator(index: index, options: options)
    }

    /// Builds a validator over a compiled cache (see `fhirval compile`), plus any further
    /// packages and definition files, which take precedence over the cache's content.
    /// - Throws: `CacheError` for a missing, foreign, stale or damaged cache; `OperationalError`
    ///   for unreadable extra definitions.
    public static func load(cache path: String, packages: [String] = [], definitions: [String] = [],
                            options: ValidationOptions = ValidationOptions(), locator: PackageLocator = .standard()) throws -> Validator {
        let cache = try CompiledCache(path: path)
        let cached = try cache.index()
        let release = try cache.releaseStore()
        if packages.isEmpty && definitions.isEmpty { return Validator(index: cached, options: options, release: release) }
        let extra = try DefinitionLoader(locator: locator).load(packages: packages, definitions: definitions, includeCore: false)
        return Validator(index: extra.merged(with: cached), options: options, release: release)
    }

    /// A validator over an index of conformance resources: its definitions, its code systems
    /// and value sets, and the global profiles of its ImplementationGuides.
    /// Builds a validator for an NHS England API from its manifest: the API's definitions over
    /// R4 core, and its profile selection (CapabilityStatements, MessageDefinitions).
    /// - Throws: `OperationalError` when a definition file or package cannot be read.
    /// `release` adds terminology from a compiled cache (`CompiledCache.releaseStore()`).
    public static func load(api manifest: ApiManifest, options: ValidationOptions = ValidationOptions(),
                            locator: PackageLocator = .standard(), release: ReleaseStore? = nil) throws(OperationalError) -> Validator {
        let existing = manifest.resolvedDefinitions.filter { FileManager.default.fileExists(atPath: $0) }
        let index = try DefinitionLoader(locator: locator).load(packages: manifest.packages ?? [], definitions: existing)
        let selection = ProfileSelection.from(index: index, capabilityStatements: manifest.capabilityStatements,
                                              profiles: manifest.profiles ?? [:])
        let rules = try ApiRuleSet(manifest.rules ?? [], manifest: manifest.path)
        return Validator(index: index, options: options, selection: selection, release: release, apiRules: rules)
    }

    /// `release` adds the SNOMED CT, dm+d and ODS data of a compiled cache.
    public convenience init(index: ConformanceIndex, options: ValidationOptions = ValidationOptions(),
                            selection: ProfileSelection = ProfileSelection(), release: ReleaseStore? = nil,
                            apiRules: ApiRuleSet = ApiRuleSet()) {
        var global: [String: [String]] = [:]
        for entry in index.entries(ofType: "ImplementationGuide") {
            for item in index.resource(entry)?.children(named: "global") ?? [] {
                if let type = item.childValue("type"), let profile = item.childValue("profile") { global[type, default: []].append(profile) }
            }
        }
        self.init(definitions: IndexedDefinitions(index: index), options: options, globalProfiles: global,
                  terminology: PackageTerminology(index: index, release: release), selection: selection, apiRules: apiRules)
    }

    /// Parses and validates one resource document (JSON or XML, detected when `format` is nil).
    public func validate(_ data: [UInt8], format: ResourceFormat? = nil, profiles: [String] = []) -> ValidationResult {
        validate(ResourceParser.parse(data, format: format), profiles: profiles)
    }

    /// `validate(_:format:profiles:)` parsing with the calling thread's reusable buffers.
    func validate(_ data: [UInt8], format: ResourceFormat?, profiles: [String], workspace: ParseWorkspace) -> ValidationResult {
        validate(ResourceParser.parse(data, format: format, workspace: workspace), profiles: profiles)
    }

    /// Validates an already parsed resource against its base definition, its `meta.profile`
    /// profiles and `profiles`.
    public func validate(_ parsed: ParsedResource, profiles: [String] = []) -> ValidationResult {
        var sink = IssueSink()
        for issue in parsed.issues { sink.append(issue) }
        guard let root = parsed.root, let resourceType = root.resourceType else {
            return ValidationResult(issues: Self.capped(sink.issues, to: options.maximumIssues))
        }
        var walker = makeWalker(orderIsSignificant: parsed.orderIsSignificant, sink: sink, resourceRules: resourceRules)
        let message = MessageRule(selection: selection)
        walker.entryProfiles = message.entryProfiles(for: root)
        message.check(root, sink: &walker.sink)
        // One vital signs profile a code selects is checked in place of the base definition (see
        // `VitalSignsProfiles.Selection`): one pass instead of a base pass and a profile pass.
        let vitalSigns = walkerSettings.vitalSigns.selection(for: root, type: resourceType)
        let walkStart = walker.sink.issues.count  // parsing's and the message's findings come first
        if let base = vitalSigns.inPlaceOfBase?.structure ?? schemas.structure(forType: resourceType), base.kind == "resource" || base.kind == "logical" {
            walker.validateResource(root, structure: base, expression: resourceType)
        } else {
            walker.sink.add(.fatal, .structure, "resource.unknown-type",
                            "Unknown resource type '\(resourceType)': no definition for it is loaded", resourceType, root.position)
        }
        var results = walker.sink.take()  // moved, not shared: setting their profile copies no issue
        if let profile = vitalSigns.inPlaceOfBase?.canonical {
            for i in walkStart..<results.count { results[i].profile = profile }
        }
        let rootEvaluator = walker.cachedInvariantContext
        // The profiles: declared in meta.profile, then required of every resource of the type (an
        // IG's globals, the API's selection), by the vital signs table, and asked for. Each source
        // is read only when it has any (this runs for every resource).
        func check(_ canonicals: some Sequence<String>, explicit: Bool) {
            for canonical in canonicals {
                results += validateProfile(root, canonical: canonical, explicit: explicit, parsed: parsed, evaluator: rootEvaluator)
            }
        }
        if let meta = root.child("meta") { check(meta.children(named: "profile").lazy.compactMap(\.value), explicit: false) }
        if !globalProfiles.isEmpty, let global = globalProfiles[resourceType] { check(global, explicit: true) }
        if !selection.byType.isEmpty, let selected = selection.byType[resourceType] { check(selected, explicit: true) }
        check(vitalSigns.besideBase, explicit: true)
        check(profiles, explicit: true)
        var issues = Self.capped(Self.deduplicated(results), to: options.maximumIssues)
        BundleEntryLocator.locate(&issues, in: root)
        return ValidationResult(issues: issues, resourceType: resourceType, resourceID: root.childValue("id"))
    }

    /// `evaluator`: the base pass's invariant evaluator, reused when it was made for this root.
    private func validateProfile(_ root: Element, canonical: String, explicit: Bool, parsed: ParsedResource,
                                 evaluator: InvariantContextCache?) -> [Issue] {
        let expression = root.resourceType ?? root.name
        // The compiled structure answers for a known profile; the definition is read only to say why there is none.
        guard let structure = schemas.structure(canonical: canonical) else {
            guard schemas.definitions.structureDefinition(canonical: canonical) != nil else {
                return [Issue(severity: explicit ? .error : .warning, code: explicit ? .notFound : .informational,
                              messageID: "profile.unknown",
                              message: explicit ? "Unable to resolve the profile '\(canonical)'"
                                  : "Profile reference '\(canonical)' has not been checked because it is unknown",
                              expression: expression, position: root.position)]
            }
            return [Issue(severity: .warning, code: .notSupported, messageID: "profile.no-snapshot",
                          message: "The profile '\(canonical)' has no snapshot; only the base definition was checked",
                          expression: expression, position: root.position)]
        }
        if structure.type != root.resourceType {
            return [Issue(severity: .error, code: .invalid, messageID: "profile.wrong-type",
                          message: "The profile '\(canonical)' is for \(structure.type), not \(root.resourceType ?? "?")",
                          expression: expression, position: root.position)]
        }
        var walker = makeWalker(orderIsSignificant: parsed.orderIsSignificant, sink: IssueSink(), resourceRules: [])
        walker.isProfilePass = true  // validate(_:profiles:) ran the base pass first
        walker.cachedInvariantContext = evaluator
        walker.validateResource(root, structure: structure, expression: expression)
        return walker.sink.issues.map { issue in
            var tagged = issue
            tagged.profile = canonical
            return tagged
        }
    }

    /// Whether a resource validates without errors against a profile; nil when the profile is unknown.
    public func conforms(_ resource: Element, to profile: String) -> Bool? {
        guard let structure = schemas.structure(canonical: profile) else { return nil }
        guard let type = resource.resourceType, structure.type == type || structure.kind != "resource" else { return false }
        var walker = makeWalker(orderIsSignificant: false, sink: IssueSink(), resourceRules: resourceRules)
        walker.validateResource(resource, structure: structure, expression: type)
        return !walker.sink.issues.contains { $0.severity.isError }
    }

    private func makeWalker(orderIsSignificant: Bool, sink: IssueSink, resourceRules: [any ResourceRule]) -> ElementWalker {
        ElementWalker(settings: walkerSettings, orderIsSignificant: orderIsSignificant, sink: sink, resourceRules: resourceRules)
    }

    /// At most `limit` issues (all when nil), in their order: the most severe are kept (fatal,
    /// then errors, warnings, information), so that a capped result still fails when the whole
    /// would. O(issues).
    static func capped(_ issues: [Issue], to limit: Int?) -> [Issue] {
        guard let limit, issues.count > limit else { return issues }
        var kept = Array(repeating: false, count: issues.count)
        var room = limit
        for severity in Issue.Severity.allCases.sorted() where room > 0 {  // most severe first (`<` is by severity)
            for i in issues.indices where room > 0 && issues[i].severity == severity {
                kept[i] = true
                room -= 1
            }
        }
        return issues.indices.filter { kept[$0] }.map { issues[$0] }
    }

    /// The same finding reported by the base and a profile appears once. Findings are the same
    /// when their message id, expression, position and message agree, the message compared
    /// without the `(from …)` naming the definition that raised it (several `cardinality.min`
    /// findings on one parent stay apart); the first of each is kept. O(issues²) for the few
    /// issues most resources have, where comparing the cheap parts first (position, message id)
    /// costs less than hashing every message; hashed beyond that.
    static func deduplicated(_ issues: [Issue]) -> [Issue] {
        guard issues.count > 1 else { return issues }
        guard issues.count <= 32 else {
            var seen = Set<DeduplicationKey>()
            return issues.filter { seen.insert(DeduplicationKey($0)).inserted }
        }
        var kept: [Issue] = []
        kept.reserveCapacity(issues.count)
        for issue in issues where !kept.contains(where: { DeduplicationKey.same($0, issue) }) {
            kept.append(issue)
        }
        return kept
    }
}

/// What makes two findings the same: message id, expression, position and the message without
/// its trailing `(from …)`.
private struct DeduplicationKey: Hashable {
    let messageID: String
    let expression: String?
    let position: SourcePosition?
    let message: Substring

    init(_ issue: Issue) {
        messageID = issue.messageID
        expression = issue.expression
        position = issue.position
        message = Self.withoutSource(issue.message)
    }

    /// True when two issues are the same finding: what `==` on their keys gives, the cheap parts
    /// compared first, without making the keys.
    static func same(_ a: Issue, _ b: Issue) -> Bool {
        a.position == b.position && a.messageID.isSameName(as: b.messageID) && a.expression == b.expression
            && withoutSource(a.message) == withoutSource(b.message)
    }

    private static let marker = Array(" (from ".utf8)

    /// The message up to its last ` (from ` (a byte search: this runs for every finding).
    static func withoutSource(_ message: String) -> Substring {
        let marker = Self.marker
        let bytes = message.utf8
        var index = bytes.endIndex
        while index != bytes.startIndex {
            index = bytes.index(before: index)
            if bytes[index] == marker[0], bytes[index...].starts(with: marker) {
                return message[..<index]
            }
        }
        return message[...]
    }
}
