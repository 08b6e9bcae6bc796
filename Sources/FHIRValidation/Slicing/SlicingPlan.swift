import FHIRDefinitions
import FHIRElements

/// What slice matching needs of a slicing, worked out once from the compiled slices: the
/// slices matched on their own (not re-slices), whether the slicing can be decided, and per
/// slice and discriminator the element the path reaches and the value it expects there.
/// A class (immutable), so that handing the plan to each matching costs one retain.
final class SlicingPlan: Sendable {
    struct Discriminator: Sendable {
        /// The discriminator type, as R4 names them (`value`, `pattern`, `exists`, `type`, `profile`).
        enum Kind: Sendable {
            case value, pattern, exists, type, profile
            /// A type R4 does not define: no item matches by it.
            case unknown

            init(_ name: String) {
                switch name {
                case "value": self = .value
                case "pattern": self = .pattern
                case "exists": self = .exists
                case "type": self = .type
                case "profile": self = .profile
                default: self = .unknown
                }
            }
        }

        let kind: Kind
        let path: DiscriminatorPath
    }

    /// What one discriminator asks of one slice, as matching reads it: one object with its parts
    /// as its own constants, so that matching reads them in place (a struct of them, read from
    /// the plan, cost a retain and release per part).
    final class Test: Sendable {
        let kind: Discriminator.Kind
        let path: DiscriminatorPath
        /// The slice element the discriminator path reaches.
        let target: CompiledElement?
        /// The fixed, pattern, implicit or synthesized value a value/pattern discriminator expects.
        let expected: Element?
        /// The type names (as choice suffixes: `Quantity`) a `type` discriminator not ending in
        /// `resolve()` allows.
        let typeNames: [String]
        let slice: CompiledElement

        init(_ discriminator: Discriminator, target: CompiledElement?, expected: Element?, typeNames: [String], slice: CompiledElement) {
            kind = discriminator.kind
            path = discriminator.path
            self.target = target
            self.expected = expected
            self.typeNames = typeNames
            self.slice = slice
        }
    }

    let discriminators: [Discriminator]
    /// Slices matched on their own; re-slices (`actionType/Single`) only refine a slice.
    let slices: [CompiledElement]
    /// Per slice, per discriminator (slice-major: slice `s`, discriminator `d` at `s × discriminators + d`).
    let tests: [Test]
    /// `tests` without ownership (`tests` owns them), read by matching without a retain each.
    let unretainedTests: [Unmanaged<Test>]
    /// False when a value/pattern/exists path cannot be followed in some slice's definition,
    /// or a `resolve()` is not a final step of a type/profile discriminator.
    let isDecidable: Bool
    /// True when a discriminator path ends in `resolve()` (its references must all be typed).
    let resolvesReferences: Bool

    init(_ slicing: CompiledSlicing, store: SchemaStore) {
        discriminators = slicing.discriminators.map { Discriminator(kind: Discriminator.Kind($0.type), path: DiscriminatorPath($0.path)) }
        slices = slicing.slices.filter { !($0.sliceName?.contains("/") ?? false) }
        var decidable = discriminators.allSatisfy { $0.path.isResolvable || ($0.path.endsInResolve && ($0.kind == .type || $0.kind == .profile)) }
        var tests: [Test] = []
        for slice in slices {
            for discriminator in discriminators {
                let target = ElementWalker.sliceNode(slice, path: discriminator.path, store: store)
                var expected: Element?
                if discriminator.kind == .value || discriminator.kind == .pattern {
                    // The value may sit on the element the path reaches, or on that element inside
                    // a required slice on the way (`code.coding:SBPCode.code`), or below it.
                    let alternatives = ElementWalker.sliceNodes(slice, path: discriminator.path, store: store)
                    expected = alternatives.lazy.compactMap({ $0.fixed ?? $0.pattern }).first
                        ?? ElementWalker.implicitURL(slice, path: discriminator.path) ?? target.flatMap(ElementWalker.synthesizedPattern)
                }
                if [.value, .pattern, .exists].contains(discriminator.kind), target == nil,
                   ElementWalker.implicitURL(slice, path: discriminator.path) == nil {
                    decidable = false
                }
                let typeNames = discriminator.kind == .type && !discriminator.path.endsInResolve ? (target ?? slice).types.map(\.choiceSuffix) : []
                tests.append(Test(discriminator, target: target, expected: expected, typeNames: typeNames, slice: slice))
            }
        }
        self.tests = tests
        unretainedTests = tests.map { Unmanaged.passUnretained($0) }
        resolvesReferences = discriminators.contains { $0.path.endsInResolve }
        isDecidable = decidable
    }
}

/// A slicing's plan, made on first use and shared by every validation after it.
final class SlicingPlanCache: @unchecked Sendable {
    private let plan = LazySlot<SlicingPlan>()

    /// The plan for a slicing. O(1) after the first call.
    func plan(for slicing: CompiledSlicing, store: SchemaStore) -> SlicingPlan {
        plan.value { SlicingPlan(slicing, store: store) }
    }
}
