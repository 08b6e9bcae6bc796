import FHIRElements

/// Tells each finding inside a Bundle which entry (index, resource type and id) it is in.
enum BundleEntryLocator {
    /// Sets `entry` on every issue whose expression starts `Bundle.entry[n]`. O(issues + entries).
    static func locate(_ issues: inout [Issue], in bundle: Element) {
        guard bundle.resourceType == "Bundle" else { return }
        let entries = bundle.children(named: "entry")
        let prefix = "Bundle.entry["
        for i in issues.indices {
            guard let expression = issues[i].expression, expression.hasPrefix(prefix) else { continue }
            let digits = expression.utf8.dropFirst(prefix.utf8.count).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard let index = Int(Substring(digits)), index < entries.count else { continue }
            let resource = entries[index].child("resource")
            issues[i].entry = Issue.EntryLocation(index: index, resourceType: resource?.resourceType, resourceID: resource?.childValue("id"))
        }
    }
}
