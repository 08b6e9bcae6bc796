/// One finding about an instance: what is wrong, how badly, and where.
///
/// Findings are values: a check reports every issue it sees and never stops at the first.
public struct Issue: Sendable, Hashable {
    /// How serious a finding is (OperationOutcome.issue.severity).
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case fatal, error, warning, information

        var rank: Int {
            switch self {
            case .fatal: return 0
            case .error: return 1
            case .warning: return 2
            case .information: return 3
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

        /// True for `fatal` and `error`: the instance is not valid.
        public var isError: Bool { self == .fatal || self == .error }
    }

    public var severity: Severity
    /// The OperationOutcome issue type (`structure`, `invalid`, `value`, ...).
    public var code: IssueCode
    /// A stable identifier of the message kind, for suppressions and tests.
    public var messageID: String
    /// The human-readable text (OperationOutcome.issue.details.text).
    public var message: String
    /// The FHIRPath location of the finding, with indices (`Patient.name[0].given[1]`).
    public var expression: String?
    /// Where the finding is in the source, when known.
    public var position: SourcePosition?
    /// The canonical of the profile whose validation raised the finding (nil for the base definition).
    public var profile: String?
    /// The Bundle entry the finding is in, when the resource validated is a Bundle.
    public var entry: EntryLocation?

    /// A Bundle entry, so a user can find the resource a finding is about.
    public struct EntryLocation: Sendable, Hashable {
        /// The entry's index in `Bundle.entry` (from 0).
        public var index: Int
        public var resourceType: String?
        public var resourceID: String?

        public init(index: Int, resourceType: String?, resourceID: String?) {
            self.index = index
            self.resourceType = resourceType
            self.resourceID = resourceID
        }

        /// `entry 3 (MedicationRequest/abc)`.
        public var description: String {
            let resource = resourceType.map { $0 + (resourceID.map { "/" + $0 } ?? "") }
            return "entry \(index)" + (resource.map { " (\($0))" } ?? "")
        }
    }

    public init(
        severity: Severity, code: IssueCode, messageID: String, message: String,
        expression: String? = nil, position: SourcePosition? = nil
    ) {
        self.severity = severity
        self.code = code
        self.messageID = messageID
        self.message = message
        self.expression = expression
        self.position = position
    }
}

/// The `OperationOutcome.issue.code` value set (IssueType), open for extension.
public struct IssueCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let invalid = IssueCode(rawValue: "invalid")
    public static let structure = IssueCode(rawValue: "structure")
    public static let required = IssueCode(rawValue: "required")
    public static let value = IssueCode(rawValue: "value")
    public static let invariant = IssueCode(rawValue: "invariant")
    public static let security = IssueCode(rawValue: "security")
    public static let processing = IssueCode(rawValue: "processing")
    public static let notSupported = IssueCode(rawValue: "not-supported")
    public static let notFound = IssueCode(rawValue: "not-found")
    public static let codeInvalid = IssueCode(rawValue: "code-invalid")
    public static let businessRule = IssueCode(rawValue: "business-rule")
    public static let informational = IssueCode(rawValue: "informational")
    public static let exception = IssueCode(rawValue: "exception")
    public static let tooCostly = IssueCode(rawValue: "too-costly")
}
