import FHIRDefinitions
import FHIRElements

/// What slice matching needs of a slicing, worked out once from the compiled slices: the
/// slices matched on their own (not re-slices), whether the slicing can be decided, and per
/// slice and discriminator the element the path reaches and the value it expects there.
struct SlicingPlan: Sendable {
    struct Discriminator: Sendable {
        let type: String
        let path: DiscriminatorPath
    }

    /// What one discriminator asks of one slice.
    struct Expectation: Sendable {
        /// The slice element the discriminator path reaches.
        let target: CompiledElement?
        /// The fixed, pattern, implicit or synthesized value a value/pattern discriminator expects.
        let expected: Element?
    }

    let discriminators: [Discriminator]
    /// Slices matched on their own; re-slices (`actionType/Single`) only refine a slice.
    let slices: [CompiledElement]
    /// Per slice, per discriminator.
    let expectations: [[Expectation]]
    /// False when a value/pattern/exists path cannot be followed in some slice's definition,
    /// or a `resolve()` is not a final step of a type/profile discriminator.
    let isDecidable: Bool

    init(_ slicing: CompiledSlicing, store: SchemaStore) {
        discriminators = slicing.discriminators.map { Discriminator(type: $0.type, path: DiscriminatorPath($0.path)) }
        slices = slicing.slices.filter { !($0.sliceName?.contains("/") ?? false) }
        var decidable = discriminators.allSatisfy { $0.path.isResolvable || ($0.path.endsInResolve && ($0.type == "type" || $0.type == "profile")) }
        var expectations: [[Expectation]] = []
        for slice in slices {
            var row: [Expectation] = []
            for discriminator in discriminators {
                let target = ElementWalker.sliceNode(slice, path: discriminator.path, store: store)
                var expected: Element?
                if discriminator.type == "value" || discriminator.type == "pattern" {
                    // The value may sit on the element the path reaches, or on that element inside
                    // a required slice on the way (`code.coding:SBPCode.code`), or below it.
                    let alternatives = ElementWalker.sliceNodes(slice, path: discriminator.path, store: store)
                    expected = alternatives.lazy.compactMap({ $0.fixed ?? $0.pattern }).first
                        ?? ElementWalker.implicitURL(slice, path: discriminator.path) ?? target.flatMap(ElementWalker.synthesizedPattern)
                }
                if ["value", "pattern", "exists"].contains(discriminator.type), target == nil,
                   ElementWalker.implicitURL(slice, path: discriminator.path) == nil {
                    decidable = false
                }
                row.append(Expectation(target: target, expected: expected))
            }
            expectations.append(row)
        }
        self.expectations = expectations
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
