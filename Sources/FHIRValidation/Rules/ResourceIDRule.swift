import FHIRElements

/// A resource id must be 1–64 characters of `[A-Za-z0-9\-\.]` (http://hl7.org/fhir/R4/datatypes.html#id).
struct ResourceIDRule: ResourceRule {
    func check(_ resource: Element, expression: String, context: RuleContext, sink: inout IssueSink) {
        guard let id = resource.child("id"), let value = id.value else { return }
        var idExpression: String { "\(expression).id" }  // written only for a finding
        if value.utf8.count > 64 {
            sink.add(.error, .invalid, "resource.id-too-long",
                     "Invalid Resource id: Too long (\(value.utf8.count) chars)", idExpression, id.position)
        } else if !PrimitiveFormat.isID(value) {
            sink.add(.error, .invalid, "resource.id-invalid",
                     "Invalid Resource id: Invalid Characters ('\(value)')", idExpression, id.position)
        }
    }
}
