/// An operational failure: a file, package or cache that cannot be found, read or trusted.
///
/// Carries an extensible `code` so callers can branch on the kind of failure (modules add
/// their own codes), the path involved, and a message that names the file and what is wrong.
/// Findings about instances are `Issue` values, never errors.
public struct OperationalError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let notFound = Code(rawValue: "not-found")
        public static let unreadable = Code(rawValue: "unreadable")
        public static let corruptArchive = Code(rawValue: "corrupt-archive")
        public static let invalidManifest = Code(rawValue: "invalid-manifest")
        public static let invalidResource = Code(rawValue: "invalid-resource")
    }

    public var code: Code
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
