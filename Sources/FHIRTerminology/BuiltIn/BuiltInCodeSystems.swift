import Foundation

/// Code systems checked by their grammar, with no data to load: UCUM units, BCP-47 language
/// tags and MIME types (BCP-13).
public enum BuiltInCodeSystems {
    public static let ucum = "http://unitsofmeasure.org"
    public static let languages = "urn:ietf:bcp:47"
    public static let mimeTypes = "urn:ietf:bcp:13"

    /// True for the systems checked here.
    public static func handles(_ system: String) -> Bool { KnownCodeSystem(system)?.isBuiltIn ?? false }

    /// Why a code is not valid in a built-in system, or nil when it is (or the system is not built in). O(length).
    public static func problem(system: String, code: String) -> String? {
        switch system {
        case ucum: return UCUMSyntax.problem(code).map { "'\(code)' is not a valid UCUM unit: \($0)" }
        case languages: return languageProblem(code).map { "'\(code)' is not a valid BCP-47 language tag: \($0)" }
        case mimeTypes: return mimeProblem(code).map { "'\(code)' is not a valid MIME type: \($0)" }
        default: return nil
        }
    }

    static let mimeTopLevelTypes: Set<String> = ["application", "audio", "font", "example", "haptics", "image", "message", "model", "multipart", "text", "video"]

    /// `type/subtype` with an IANA top-level type, RFC 6838 name characters, optional `; parameters`.
    static func mimeProblem(_ code: String) -> String? {
        let main = code.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let parts = main.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return "a MIME type is 'type/subtype'" }
        guard mimeTopLevelTypes.contains(parts[0].lowercased()) else { return "'\(parts[0])' is not a registered top-level type" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&-^_.+")
        guard parts[1].allSatisfy(allowed.contains) else { return "the subtype '\(parts[1])' has characters a MIME name cannot have" }
        return nil
    }

    /// The RFC 5646 grammar: language (2–3 letters, optional extlangs; or 4–8 letters), script
    /// (4 letters), region (2 letters or 3 digits), variants, extensions, private use; or a
    /// private-use tag (`x-…`) or a grandfathered `i-` tag.
    static func languageProblem(_ code: String) -> String? {
        let subtags = code.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard subtags.allSatisfy({ !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
            return "subtags are 1 to 8 letters or digits separated by '-'"
        }
        let lower = subtags.map { $0.lowercased() }
        if lower[0] == "x" || lower[0] == "i" { return subtags.count > 1 ? nil : "a private-use tag needs a subtag after 'x-'" }
        guard (2...8).contains(lower[0].count), lower[0].allSatisfy(\.isLetter) else {
            return "the primary language subtag must be 2 to 8 letters"
        }
        var k = 1
        if lower[0].count <= 3 {
            var extlangs = 0
            while k < lower.count, lower[k].count == 3, lower[k].allSatisfy(\.isLetter), extlangs < 3 { k += 1; extlangs += 1 }
        }
        if k < lower.count, lower[k].count == 4, lower[k].allSatisfy(\.isLetter) { k += 1 }
        if k < lower.count, (lower[k].count == 2 && lower[k].allSatisfy(\.isLetter)) || (lower[k].count == 3 && lower[k].allSatisfy(\.isNumber)) { k += 1 }
        while k < lower.count, (lower[k].count >= 5) || (lower[k].count == 4 && lower[k].first!.isNumber) { k += 1 }
        while k < lower.count, lower[k].count == 1, lower[k] != "x" {
            k += 1
            guard k < lower.count, lower[k].count >= 2 else { return "an extension singleton needs a subtag of 2 to 8 characters" }
            while k < lower.count, lower[k].count >= 2 { k += 1 }
        }
        if k < lower.count, lower[k] == "x" { return k + 1 < lower.count ? nil : "'x' needs a private-use subtag" }
        return k == lower.count ? nil : "the subtag '\(subtags[k])' is out of place"
    }
}
