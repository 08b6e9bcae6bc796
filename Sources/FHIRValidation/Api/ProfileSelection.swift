import FHIRElements
import FHIRPackages

/// Which profiles apply to which resources, as an API states it: by resource type from its
/// CapabilityStatements (`rest.resource.profile` and `supportedProfile`), and, for FHIR
/// messages, by `MessageHeader.eventCoding` from the matching MessageDefinition's `focus`
/// (profile and how many resources of each type the message may hold).
public struct ProfileSelection: Sendable {
    /// A MessageDefinition focus: a resource type, its profile, and its allowed count.
    public struct Focus: Sendable {
        public var type: String
        public var profile: String?
        public var min: Int
        public var max: Int
    }

    public var byType: [String: [String]]
    /// Focus lists by event `system|code`.
    public var messages: [String: (definition: String, focus: [Focus])]

    public init(byType: [String: [String]] = [:], messages: [String: (definition: String, focus: [Focus])] = [:]) {
        self.byType = byType
        self.messages = messages
    }

    /// Reads the CapabilityStatements named and every MessageDefinition of the index. O(resources).
    public static func from(index: ConformanceIndex, capabilityStatements: [String], profiles: [String: [String]]) -> ProfileSelection {
        var selection = ProfileSelection(byType: profiles)
        for canonical in capabilityStatements {
            guard let statement = index.resource(canonical: canonical) else { continue }
            for rest in statement.children(named: "rest") {
                for resource in rest.children(named: "resource") {
                    guard let type = resource.childValue("type") else { continue }
                    let named = resource.children(named: "profile").compactMap(\.value) + resource.children(named: "supportedProfile").compactMap(\.value)
                    for profile in named where !(selection.byType[type]?.contains(profile) ?? false) {
                        selection.byType[type, default: []].append(profile)
                    }
                }
            }
        }
        for entry in index.entries(ofType: "MessageDefinition") {
            guard let definition = index.resource(entry), definition.childValue("status") != "retired",
                  let event = definition.child("eventCoding"), let code = event.childValue("code") else { continue }
            let key = (event.childValue("system") ?? "") + "|" + code
            let focus = definition.children(named: "focus").compactMap { f -> Focus? in
                guard let type = f.childValue("code") else { return nil }
                let max = f.childValue("max").map { $0 == "*" ? Int.max : Int($0) ?? Int.max } ?? Int.max
                return Focus(type: type, profile: f.childValue("profile"), min: f.childValue("min").flatMap { Int($0) } ?? 0, max: max)
            }
            if selection.messages[key] == nil { selection.messages[key] = (definition.childValue("url") ?? key, focus) }
        }
        return selection
    }

    public var isEmpty: Bool { byType.isEmpty && messages.isEmpty }
}
