import FHIRDefinitions
import FHIRElements
import FHIRPath

/// How the validator treats values of one allowed type of an element.
///
/// A class (immutable) so that passing one around the hot path costs a single retain.
public final class CompiledType: Sendable {
    public enum Kind: Sendable, Equatable {
        /// A FHIR primitive, checked by its lexical rules.
        case primitive(PrimitiveType)
        /// A complex datatype whose children come from its own definition.
        case complex
        /// A resource (`Resource`, `DomainResource` or a named resource type).
        case resource
        /// The element defines its own children (BackboneElement, Element).
        case backbone
    }

    /// The FHIR type name (`string`, `HumanName`).
    public let code: String
    public let kind: Kind
    /// The type name as it appears capitalised after a choice prefix (`valueString` → `String`).
    public let choiceSuffix: String
    public let profiles: [String]
    public let targetProfiles: [String]
    /// The kind of coded value the type holds (for binding and code-system checks).
    let coded: CodedKind
    /// True for `Extension`, whose children come from the definition its url names.
    let isExtension: Bool
    /// The root of the type's compiled base definition, looked up on first use.
    private let baseRootSlot = LazySlot<CompiledElement?>()
    /// `baseRootSlot`'s value without ownership (`baseRootSlot` owns it), looked up on first use.
    private let baseRootReferenceSlot = LazySlot<Unmanaged<CompiledElement>?>()
    /// The resource types the target profiles allow, worked out on first use.
    private let targets = LazySlot<[String]>()
    /// The validator's type rules for the type (nil: none), found when the type is compiled.
    let typeRules: [any TypeRule]?

    init(code: String, kind: Kind, choiceSuffix: String, profiles: [String], targetProfiles: [String], typeRules: [any TypeRule]? = nil) {
        self.typeRules = typeRules
        self.code = code
        self.kind = kind
        self.choiceSuffix = choiceSuffix
        self.profiles = profiles
        self.targetProfiles = targetProfiles
        coded = CodedKind(typeCode: code)
        isExtension = code == "Extension"
    }

    /// The root element of the type's compiled base definition (`HumanName`), from the store that
    /// compiled this type: its children and invariants. O(1) after the first call.
    func baseRoot(in store: SchemaStore) -> CompiledElement? {
        baseRootSlot.value { store.structure(forType: code)?.root }
    }

    /// `baseRoot(in:)` without ownership (the store owns the structure; the walker holds the
    /// store). O(1) after the first call.
    func baseRootReference(in store: SchemaStore) -> Unmanaged<CompiledElement>? {
        baseRootReferenceSlot.value { baseRoot(in: store).map { Unmanaged.passUnretained($0) } }
    }

    /// The resource types a Reference's target profiles allow; empty when any type is allowed
    /// or a target profile is not loaded (the allowed types are then unknown). O(1) after the
    /// first call.
    func allowedTargetTypes(in store: SchemaStore) -> [String] {
        targets.value {
            let resolved = targetProfiles.map { ReferenceTargetRule.resourceType(ofProfile: $0, store: store) }
            return resolved.contains { $0 == nil } ? [] : resolved.compactMap { $0 }
        }
    }
}

/// What kind of coded value a type holds, worked out once from its name.
enum CodedKind: Sendable {
    case none, code, coding, codeableConcept
    /// Quantity and its specialisations (Age, Duration, …): a system and code like a Coding's.
    case quantity

    init(typeCode: String) {
        switch typeCode {
        case "code": self = .code
        case "Coding": self = .coding
        case "CodeableConcept": self = .codeableConcept
        case _ where FHIRPathValue.isQuantityType(typeCode): self = .quantity
        default: self = .none
        }
    }
}

/// One element of a compiled type: everything the validator needs, read once from the snapshot.
/// The properties set after initialisation are written only while the structure compiles,
/// before any validation can see it, so reads skip the run-time exclusivity checks.
public final class CompiledElement: @unchecked Sendable {
    /// The last path segment as defined (`given`, `value[x]`).
    public let name: String
    /// The definition path (`Patient.name.given`), for messages.
    public let path: String
    /// The first segment of the path: the structure's type (`Patient`).
    let pathRoot: String
    public let min: Int
    public let max: Int
    /// True when the element repeats in the base definition: JSON arrays and indexed expressions.
    public let isList: Bool
    private let ownTypes: [CompiledType]
    /// Types taken from the target of a content reference.
    @exclusivity(unchecked) var referencedTypes: [CompiledType]?
    /// The allowed types (of the referenced element for a content reference).
    public var types: [CompiledType] { referencedTypes ?? ownTypes }
    /// The only allowed type, when there is exactly one; set with `plainLeafType`. The walker
    /// reads it for every element it validates: one reference, not the array of types.
    @exclusivity(unchecked) var soleType: CompiledType? {
        didSet { soleTypeReference = soleType.map { Unmanaged.passUnretained($0) } }
    }
    /// `soleType` without ownership (`soleType` owns it), for the walker to use without a retain and release.
    @exclusivity(unchecked) private(set) var soleTypeReference: Unmanaged<CompiledType>?
    /// Children defined inline (backbone elements, or a profile reaching into a type).
    @exclusivity(unchecked) public internal(set) var children: ChildTable? {
        didSet { childrenReference = children.map { Unmanaged.passUnretained($0) } }
    }
    /// `children` without ownership (`children` owns the table), for the walker.
    @exclusivity(unchecked) private(set) var childrenReference: Unmanaged<ChildTable>?
    /// `#Path` of an element whose definition this one reuses.
    public let contentReference: String?
    /// The canonical of the structure the element belongs to, for messages.
    public let source: String
    /// A `fixed[x]` value the element must equal.
    @exclusivity(unchecked) public internal(set) var fixed: Element?
    /// A `pattern[x]` value the element must contain.
    @exclusivity(unchecked) public internal(set) var pattern: Element?
    /// The element's value set binding.
    @exclusivity(unchecked) public internal(set) var binding: CompiledBinding?
    /// The element's invariants, parsed.
    @exclusivity(unchecked) public internal(set) var invariants: [CompiledInvariant] = [] {
        didSet { profilePassInvariants = invariants.filter { !$0.isFromBase } }
    }
    /// The invariants a profile pass evaluates: those the base definitions do not state.
    @exclusivity(unchecked) private(set) var profilePassInvariants: [CompiledInvariant] = []
    /// The slice name, when this element is a slice.
    @exclusivity(unchecked) public internal(set) var sliceName: String?
    /// How instances of this element are divided into slices, when it is sliced.
    @exclusivity(unchecked) public internal(set) var slicing: CompiledSlicing?
    /// `minValue[x]`, `maxValue[x]` and `maxLength`, when the definition states any.
    @exclusivity(unchecked) var limits: ValueLimits?
    /// True for an element of a constraint profile that, with everything below it, states
    /// nothing its base type does: a profile pass skips it (the base pass checked it).
    @exclusivity(unchecked) var matchesBase = false
    /// True for an element of a constraint profile bound as its base type's element is: a
    /// profile pass does not check the binding again.
    @exclusivity(unchecked) var bindingMatchesBase = false

    init(name: String, path: String, min: Int, max: Int, isList: Bool, types: [CompiledType],
         contentReference: String?, source: String) {
        self.name = name
        isChoice = name.hasSuffix("[x]")
        choicePrefix = isChoice ? String(name.dropLast(3)) : name
        self.path = path
        pathRoot = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
        self.min = min
        self.max = max
        self.isList = isList
        self.ownTypes = types
        self.contentReference = contentReference
        self.source = source
    }

    public let isChoice: Bool

    /// The primitive type of an element whose only checks are its value's form: one primitive
    /// type (not xhtml), and no invariants, fixed or pattern value, limits, slicing or checked
    /// binding. Read after compilation has set everything it reads (see `plainLeafType`). O(1).
    var plainPrimitiveType: PrimitiveType? {
        fixed == nil && pattern == nil ? leafPrimitiveType : nil
    }

    /// The primitive type when the element checks nothing beyond its value and a fixed or pattern
    /// value: one primitive type (not xhtml), and no invariants, limits, slicing or checked binding.
    private var leafPrimitiveType: PrimitiveType? {
        guard types.count == 1, case .primitive(let primitive) = types[0].kind, primitive != .xhtml,
              invariants.isEmpty, limits == nil, slicing == nil, binding == nil || types[0].coded == .none else { return nil }
        return primitive
    }

    /// The plain primitive type when the validator's type rules add nothing either: the walker
    /// checks such an element's value and nothing else. Set once compilation has set everything
    /// `plainPrimitiveType` reads (a stored value: this is read for most elements of every walk).
    @exclusivity(unchecked) var plainLeafType: PrimitiveType?

    /// The primitive type of an element whose only checks are its value's form and a fixed or
    /// pattern value that is a plain primitive value (a profile's `Coding.system` fixed to a
    /// code system): otherwise as `plainPrimitiveType`. O(1).
    var fixedPrimitiveType: PrimitiveType? {
        guard fixed != nil || pattern != nil, fixed.map({ $0.value != nil && $0.children.isEmpty }) ?? true,
              pattern.map({ $0.value != nil && $0.children.isEmpty }) ?? true else { return nil }
        return leafPrimitiveType
    }

    /// The fixed-value primitive type when the validator's type rules add nothing either: the
    /// walker checks such an element's value and its fixed or pattern value, in place as it
    /// does a plain leaf. Set with `plainLeafType`.
    @exclusivity(unchecked) var fixedLeafType: PrimitiveType?

    /// The choice prefix (`value` for `value[x]`); the name itself for other elements.
    public let choicePrefix: String

    /// The allowed type for a choice element named `valueQuantity`, or nil. O(types).
    public func choiceType(forElementName elementName: String) -> CompiledType? {
        elementName.withUTF8Bytes { choiceType(forElementName: $0) }
    }

    /// `choiceType` for a name's UTF-8 bytes. O(types).
    func choiceType(forElementName elementName: UnsafeBufferPointer<UInt8>) -> CompiledType? {
        let length = elementName.count - choicePrefix.utf8.count
        guard length >= 0 else { return nil }
        let suffix = UnsafeBufferPointer(rebasing: elementName[(elementName.count - length)...])
        return types.first { $0.choiceSuffix.utf8.count == length && suffix.isText($0.choiceSuffix) }
    }
}

/// The children of an element, found by name (and by choice prefix).
///
/// A class (immutable) so that handing a table to the walker costs a single retain.
public final class ChildTable: Sendable {
    /// Children in definition order.
    public let ordered: [CompiledElement]
    /// `ordered` without ownership (`ordered` owns them), for the walker to read without a retain
    /// and release per child.
    let unretained: [Unmanaged<CompiledElement>]
    /// Positions in `ordered` of plain (non-choice) children, in buckets by a cheap hash of the
    /// name (length and first and last bytes): tables are small, and this avoids hashing names.
    private let bucketStarts: [Int]
    private let bucketItems: [Int]
    private let bucketMask: Int
    /// Positions in `ordered` of the choice children.
    private let choices: [Int]
    /// The UTF-8 bytes of every child's name (a choice's prefix), one after another, and where
    /// each child's are: names are matched as bytes, read in place from an element tree.
    private let nameBytes: [UInt8]
    private let nameRanges: [Range<Int>]
    private let positions: [ObjectIdentifier: Int]
    /// Positions of the children that are sliced (with slices defined): only these are matched
    /// to slices after the walk of an element's children.
    let slicedPositions: [Int]
    /// Per position, whether the child is sliced (see `slicedPositions`).
    let isSliced: [Bool]
    /// Positions of the children with a cardinality to check (min above 0 or a finite max).
    let boundedPositions: [Int]

    /// Made after the children's slicing is set (the compiler sets it first).
    init(_ children: [CompiledElement]) {
        ordered = children
        unretained = children.map { Unmanaged.passUnretained($0) }
        let isSliced = children.map { !($0.slicing?.slices.isEmpty ?? true) }
        self.isSliced = isSliced
        slicedPositions = isSliced.indices.filter { isSliced[$0] }
        boundedPositions = children.indices.filter { children[$0].min > 0 || children[$0].max != Int.max }
        positions = Dictionary(uniqueKeysWithValues: children.enumerated().map { (ObjectIdentifier($1), $0) })
        var choices: [Int] = []
        var size = 8
        while size < children.count * 2 { size <<= 1 }
        var buckets = [[Int]](repeating: [], count: size)
        for (i, child) in children.enumerated() {
            if child.isChoice { choices.append(i) } else { buckets[Self.bucket(child.name, mask: size - 1)].append(i) }
        }
        // One flat array, bucket b holding bucketItems[bucketStarts[b]..<bucketStarts[b + 1]].
        bucketStarts = buckets.reduce(into: [0]) { starts, bucket in starts.append(starts.last! + bucket.count) }
        bucketItems = buckets.flatMap { $0 }
        bucketMask = size - 1
        self.choices = choices
        var nameBytes: [UInt8] = []
        nameRanges = children.map { child in
            let start = nameBytes.count
            nameBytes.append(contentsOf: (child.isChoice ? child.choicePrefix : child.name).utf8)
            return start..<nameBytes.count
        }
        self.nameBytes = nameBytes
    }

    /// A name's bucket: O(1) for native strings.
    @inline(__always)
    private static func bucket(_ name: String, mask: Int) -> Int {
        name.withUTF8Bytes { bucket(bytes: $0, mask: mask) }
    }

    @inline(__always)
    private static func bucket(bytes name: UnsafeBufferPointer<UInt8>, mask: Int) -> Int {
        guard let first = name.first, let last = name.last else { return 0 }
        return (name.count &* 31 &+ Int(first) &* 7 &+ Int(last)) & mask
    }

    /// The position of a child in definition order (for XML ordering). O(1).
    public func position(of child: CompiledElement) -> Int { positions[ObjectIdentifier(child)] ?? 0 }

    /// The definition an instance element name matches and, for a choice, the chosen type.
    /// O(1) for plain names, O(choices) for choice names.
    public func lookup(_ name: String) -> (element: CompiledElement, choice: CompiledType?)? {
        match(name).map { (ordered[$0.position], $0.choice) }
    }

    /// The position in `ordered` of the definition an instance element name matches and, for a
    /// choice, the chosen type. The walker reads the definition from `ordered` itself: handing
    /// it back would retain a shared object, whose reference count two threads then contend
    /// for. O(1) for plain names, O(choices) for choice names.
    public func match(_ name: String) -> (position: Int, choice: CompiledType?)? {
        name.withUTF8Bytes { match(bytes: $0) }.map { ($0.position, $0.choice?.takeUnretainedValue()) }
    }

    /// `match` for a name's UTF-8 bytes (an element's, read in place), with the choice's type
    /// unretained (its definition owns it for the table's life). O(1) for plain names,
    /// O(choices) for choice names.
    func match(bytes name: UnsafeBufferPointer<UInt8>) -> (position: Int, choice: Unmanaged<CompiledType>?)? {
        let bucket = Self.bucket(bytes: name, mask: bucketMask)
        return nameBytes.withUnsafeBufferPointer { all in
            for slot in bucketStarts[bucket]..<bucketStarts[bucket + 1] {
                let i = bucketItems[slot]
                if name.isSameBytes(as: UnsafeBufferPointer(rebasing: all[nameRanges[i]])) { return (i, nil) }
            }
            for i in choices where name.isTypedChoiceName(of: UnsafeBufferPointer(rebasing: all[nameRanges[i]])) {
                if let type = unretained[i]._withUnsafeGuaranteedRef({ $0.choiceType(forElementName: name) }) {
                    return (i, Unmanaged.passUnretained(type))
                }
            }
            return nil
        }
    }

    /// The position in `ordered` of the choice element whose prefix the name starts with, even
    /// when the type is not allowed. O(choices).
    public func choicePosition(prefixOf name: String) -> Int? {
        name.withUTF8Bytes { choicePosition(prefixOf: $0) }
    }

    /// `choicePosition` for a name's UTF-8 bytes. O(choices).
    func choicePosition(prefixOf name: UnsafeBufferPointer<UInt8>) -> Int? {
        nameBytes.withUnsafeBufferPointer { all in
            choices.first { name.isTypedChoiceName(of: UnsafeBufferPointer(rebasing: all[nameRanges[$0]])) }
        }
    }
}

/// A compiled StructureDefinition: the root element and its tree.
public final class CompiledStructure: @unchecked Sendable {
    public let url: String
    public let type: String
    public let kind: String
    public let root: CompiledElement
    /// Elements by definition path, for content references. O(1).
    let byPath: [String: CompiledElement]
    /// Where an extension may be used (`StructureDefinition.context`); empty for other structures.
    let contexts: [ExtensionContext]

    init(url: String, type: String, kind: String, root: CompiledElement, byPath: [String: CompiledElement],
         contexts: [ExtensionContext] = []) {
        self.url = url
        self.type = type
        self.kind = kind
        self.root = root
        self.byPath = byPath
        self.contexts = contexts
    }
}

/// The slicing of an element: discriminators, rules, and each slice's compiled subtree.
/// A class (immutable): the walker reads an element's slicing as one reference, not its parts.
public final class CompiledSlicing: Sendable {
    public let discriminators: [ElementDefinition.Discriminator]
    /// `open`, `closed` or `openAtEnd`.
    public let rules: String
    public let ordered: Bool
    public let slices: [CompiledElement]
    /// Slice matching's plan, worked out on first use.
    let planCache = SlicingPlanCache()

    init(discriminators: [ElementDefinition.Discriminator], rules: String, ordered: Bool, slices: [CompiledElement]) {
        self.discriminators = discriminators
        self.rules = rules
        self.ordered = ordered
        self.slices = slices
    }
}
