import FHIRElements

extension ElementWalker {
    /// The children to validate an `extension`/`modifierExtension` against: those of its
    /// definition when the URL resolves, else the base Extension's (after reporting why).
    ///
    /// Rules (as the HL7 reference validator applies them): a top-level extension URL must
    /// be absolute and carry no version; an absolute URL that resolves to no definition is
    /// an error unless its domain is allowed (the options' domains; example.org, acme.com
    /// and HL7's tools and cross-version namespaces as the reference validator allows them);
    /// an extension of HL7's own namespace that is not loaded is a warning, since it lives in
    /// the HL7 extensions package; relative URLs name the parts of a complex extension.
    mutating func extensionChildren(_ element: Element, definition: CompiledElement, path: ExpressionPath) -> ChildTable? {
        var expression: String { path.text }  // written only for a finding
        let base = definition.children ?? store.structure(forType: "Extension")?.root.children
        guard let url = element.childValue("url") else { return base }
        let nested = definition.path.hasSuffix(".extension") && definition.path.hasPrefix("Extension.")
        guard Self.isAbsolute(url) else {
            if !nested {
                sink.add(.error, .invalid, "extension.url-not-absolute",
                         "Extension.url must be an absolute URL ('\(url)')", expression, element.position)
            } else if let defined = Self.subExtensionURLs(definition), !defined.isEmpty, !defined.contains(url) {
                // A complex extension defines its parts: a relative URL must name one of them.
                sink.add(.error, .structure, "extension.sub-extension-unknown",
                         "Sub-extension url '\(url)' is not defined by this extension (it defines \(defined.sorted().joined(separator: ", ")))",
                         expression, element.position)
            }
            return base
        }
        var canonical = url
        // Searched as bytes (this runs for every extension).
        if let bar = url.firstUTF8Offset(of: UInt8(ascii: "|")).map({ url.utf8.index(url.utf8.startIndex, offsetBy: $0) }) {
            sink.add(.error, .invalid, "extension.url-versioned",
                     "The extension URL must not contain a version ('\(url)')", expression, element.position)
            canonical = String(url[..<bar])
        }
        if let structure = store.structure(canonical: canonical), structure.type == "Extension" {
            ExtensionContextRule.check(element, url: canonical, contexts: structure.contexts, hosts: hosts[...], model: model,
                                       expression: expression, sink: &sink)
            return structure.root.children
        }
        if store.definitions.structureDefinition(canonical: canonical) != nil {
            return base  // known, but without a snapshot to check against
        }
        if allowedExtensionDomains.contains(where: { canonical.hasPrefix($0) }) || Self.isAcceptedUnknown(canonical) {
            return base
        }
        if canonical.hasPrefix("http://hl7.org/fhir/StructureDefinition/") {
            sink.add(.warning, .notFound, "extension.unknown-hl7",
                     "The extension \(canonical) is not in the loaded packages (it may be in the HL7 extensions package); it was not checked",
                     expression, element.position)
        } else {
            sink.add(.error, .structure, "extension.unknown",
                     "The extension \(canonical) could not be found so is not allowed here", expression, element.position)
        }
        return base
    }

    /// The relative URLs a complex extension's `Extension.extension` slices fix, or nil when
    /// the element is not sliced by url. O(slices).
    static func subExtensionURLs(_ definition: CompiledElement) -> Set<String>? {
        guard let slicing = definition.slicing else { return nil }
        return Set(slicing.slices.compactMap { slice in slice.children?.lookup("url")?.element.fixed?.value })
    }

    /// URLs the reference validator accepts without a definition: example domains, HL7's tools
    /// namespace, and cross-version extensions (`http://hl7.org/fhir/5.0/StructureDefinition/extension-…`).
    static func isAcceptedUnknown(_ url: String) -> Bool {
        if url.contains("example.org") || url.contains("acme.com") || url.contains("nema.org") { return true }
        if url.hasPrefix("http://hl7.org/fhir/tools/StructureDefinition/") { return true }
        let crossVersion = ["1.0", "3.0", "4.0", "4.3", "5.0", "6.0"].map { "http://hl7.org/fhir/\($0)/StructureDefinition/extension-" }
        return crossVersion.contains { url.hasPrefix($0) }
    }

    /// True when a URI starts with a scheme (RFC 3986: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
    static func isAbsolute(_ url: String) -> Bool {
        url.withUTF8Bytes { isAbsolute(bytes: $0) }
    }

    /// `isAbsolute` for a URI's UTF-8 bytes. O(scheme length).
    static func isAbsolute(bytes url: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawLetter = false
        for (i, c) in url.enumerated() {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if i == 0 { return false }
            case UInt8(ascii: ":"): return sawLetter && i > 0
            default: return false
            }
        }
        return false
    }
}
