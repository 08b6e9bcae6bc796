import FHIRElements
import FHIRTerminology

/// Checks a ValueSet `compose` filter's value against the type of the code-system property it
/// filters on (`CodeSystem.property.type`), when that code system is loaded.
///
/// boolean: `true`/`false`; integer, decimal, dateTime: the value, after an optional search
/// prefix (`lt2`); code: no surrounding white space; Coding: `system(|version)#code`, whose
/// code must exist when its system is loaded and complete (the search-token form `system|code`
/// is a warning). `in`/`not-in` values are comma-separated lists, each checked.
enum ValueSetFilterValueCheck {
    static let searchPrefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"]

    static func check(_ filter: Element, content: CodeSystemContent, terminology: TerminologyProvider, expression: String,
                      sink: inout IssueSink) {
        guard let property = filter.childValue("property"), let type = content.propertyTypes[property],
              let value = filter.childValue("value") else { return }
        let op = filter.childValue("op") ?? "="
        let values = op == "in" || op == "not-in" ? value.split(separator: ",").map(String.init) : [value]
        for item in values {
            switch problem(item, type: type, terminology: terminology) {
            case nil: continue
            case .warning(let message)?:
                sink.add(.warning, .invalid, "valueset.filter-value", message(property), expression, filter.position)
            case .error(let message)?:
                sink.add(.error, .invalid, "valueset.filter-value", message(property), expression, filter.position)
            }
        }
    }

    enum Problem {
        case error((String) -> String)
        case warning((String) -> String)
    }

    static func problem(_ value: String, type: String, terminology: TerminologyProvider) -> Problem? {
        switch type {
        case "boolean":
            guard value != "true" && value != "false" else { return nil }
            return .error { "The value '\(value)' for the filter on '\($0)' must be true or false" }
        case "integer", "decimal", "dateTime":
            let prefix = searchPrefixes.first { value.hasPrefix($0) }
            let bare = String(value.dropFirst(prefix?.count ?? 0))
            let primitive: PrimitiveType = type == "integer" ? .integer : type == "decimal" ? .decimal : .dateTime
            guard PrimitiveFormat.problem(bare, as: primitive) != nil else { return nil }
            return .error { "The value '\(value)' for the filter on '\($0)' is not a valid \(type)" }
        case "code":
            guard value.trimmingCharacters(in: .whitespaces) != value else { return nil }
            return .error { "The value '\(value)' for the filter on '\($0)' is not a valid code" }
        case "Coding":
            return codingProblem(value, terminology: terminology)
        default:
            return nil
        }
    }

    private static func codingProblem(_ value: String, terminology: TerminologyProvider) -> Problem? {
        guard let hash = value.lastIndex(of: "#") else {
            if value.contains("|") {
                return .warning { "The value '\(value)' for the filter on '\($0)' looks like a search token; a Coding is written system(|version)#code" }
            }
            return .error { "The value for a filter based on the property '\($0)' must be in the format system(|version)#code, not '\(value)'" }
        }
        let systemPart = value[..<hash]
        let code = String(value[value.index(after: hash)...])
        let system = String(systemPart.split(separator: "|", maxSplits: 1).first ?? systemPart)
        let version = systemPart.contains("|") ? systemPart.split(separator: "|", maxSplits: 1).last.map(String.init) : nil
        guard let content = terminology.codeSystem(system, version: version),
              content.isComplete, content.concept(code) == nil else { return nil }
        return .error { "The value for a filter based on the property '\($0)' refers to '\(value)', which is not a valid code (Unknown code '\(code)' in the CodeSystem '\(system)')" }
    }
}
