/// Something that holds conformance resources as bytes, addressed by a location string.
public protocol ResourceSource: AnyObject, Sendable {
    /// A name for messages (`hl7.fhir.r4.core#4.0.1`, a cache file path).
    var sourceName: String { get }
    /// The bytes of the resource at a location, or nil when it is not there.
    func bytes(of location: String) -> [UInt8]?
}

extension FHIRPackage: ResourceSource {
    public var sourceName: String { reference }
}
