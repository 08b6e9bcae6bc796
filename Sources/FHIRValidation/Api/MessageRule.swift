import FHIRElements

/// A FHIR message Bundle against the MessageDefinition its `MessageHeader.eventCoding` names:
/// how many resources of each focus type it may hold, and the focus profiles for them.
struct MessageRule {
    let selection: ProfileSelection

    private func focus(of bundle: Element) -> (definition: String, focus: [ProfileSelection.Focus])? {
        guard bundle.resourceType == "Bundle", bundle.childValue("type") == "message",
              let header = bundle.children(named: "entry").first?.child("resource"), header.resourceType == "MessageHeader",
              let event = header.child("eventCoding"), let code = event.childValue("code") else { return nil }
        return selection.messages[(event.childValue("system") ?? "") + "|" + code]
    }

    /// The profiles to apply to entries: by type from the API, plus the message's focus profiles.
    func entryProfiles(for root: Element) -> [String: [String]] {
        var profiles = selection.byType
        for item in focus(of: root)?.focus ?? [] {
            if let profile = item.profile, !(profiles[item.type]?.contains(profile) ?? false) { profiles[item.type, default: []].append(profile) }
        }
        return profiles
    }

    /// Reports focus resource counts outside the MessageDefinition's min..max.
    func check(_ root: Element, sink: inout IssueSink) {
        guard let (definition, focus) = focus(of: root) else { return }
        var counts: [String: Int] = [:]
        for entry in root.children(named: "entry") {
            if let type = entry.child("resource")?.resourceType { counts[type, default: 0] += 1 }
        }
        for item in focus {
            let count = counts[item.type] ?? 0
            if count > item.max {
                sink.add(.error, .structure, "message.focus-max",
                         "Bundle contains too many resources of type \(item.type). Expected at most \(item.max) (MessageDefinition \(definition))",
                         "Bundle", root.position)
            } else if count < item.min {
                sink.add(.error, .structure, "message.focus-min",
                         "Bundle contains too few resources of type \(item.type). Expected at least \(item.min) (MessageDefinition \(definition))",
                         "Bundle", root.position)
            }
        }
    }
}
