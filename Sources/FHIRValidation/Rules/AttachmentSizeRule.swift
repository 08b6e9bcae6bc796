import FHIRElements

/// `Attachment.size` must be the number of bytes in `Attachment.data` when both are present.
struct AttachmentSizeRule: TypeRule {
    let type = "Attachment"

    func check(_ element: Element, declared: CompiledType, expression: @autoclosure () -> String, context: RuleContext,
               sink: inout IssueSink) {
        guard let data = element.child("data")?.value, let sizeElement = element.child("size"),
              let stated = sizeElement.value.flatMap({ Int($0) }), stated >= 0,
              let actual = PrimitiveFormat.base64DecodedLength(data) else { return }
        if stated != actual {
            sink.add(.error, .structure, "attachment.size-mismatch",
                     "Stated Attachment Size \(stated) does not match actual attachment size \(actual)",
                     "\(expression()).size", sizeElement.position)
        }
    }
}
