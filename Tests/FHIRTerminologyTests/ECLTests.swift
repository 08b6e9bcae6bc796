import Testing
@testable import FHIRTerminology

/// A small hierarchy: 1 ← 2 ← 3 ← 4, 2 ← 5; refset 900 = {3, 5}.
struct ToyHierarchy: SnomedHierarchy {
    let parentsOf: [Int64: [Int64]] = [2: [1], 3: [2], 4: [3], 5: [2]]
    func isKnownConcept(_ id: Int64) -> Bool { (1...5).contains(id) }
    func parents(of id: Int64) -> [Int64] { parentsOf[id] ?? [] }
    func ancestors(of id: Int64) -> [Int64] {
        var result: [Int64] = []
        var queue = parents(of: id)
        while let next = queue.popLast() {
            guard !result.contains(next) else { continue }
            result.append(next)
            queue += parents(of: next)
        }
        return result
    }
    func isDescendant(_ descendant: Int64, of ancestor: Int64) -> Bool { ancestors(of: descendant).contains(ancestor) }
    func isMember(_ component: Int64, ofRefset refset: Int64) -> Bool { refset == 900 && [3, 5].contains(component) }
    func refsets(containing component: Int64) -> [Int64] { [3, 5].contains(component) ? [900] : [] }
}

@Suite struct ECLParserTests {
    @Test func briefAndLongFormsParseToTheSameExpression() throws {
        #expect(try ECLParser.parse("<< 404684003 |Clinical finding|") == .constrained(.descendantOrSelfOf, .concept(404_684_003)))
        #expect(try ECLParser.parse("DescendantOrSelfOf 404684003") == .constrained(.descendantOrSelfOf, .concept(404_684_003)))
        #expect(try ECLParser.parse("descendantOf 1 OR 2") == .or(.constrained(.descendantOf, .concept(1)), .concept(2)))
        #expect(try ECLParser.parse("^999000051000001100 |ePrescribing route|") == .constrained(.memberOf, .concept(999_000_051_000_001_100)))
        #expect(try ECLParser.parse("memberOf 1 or 2") == .or(.constrained(.memberOf, .concept(1)), .concept(2)))
        #expect(try ECLParser.parse("<! 1") == .constrained(.childOf, .concept(1)))
        #expect(try ECLParser.parse(">> 1") == .constrained(.ancestorOrSelfOf, .concept(1)))
    }

    @Test func minusAndParenthesesNest() throws {
        let parsed = try ECLParser.parse("(DescendantOrSelfOf 60621009 OR DescendantOrSelfOf 446974000) MINUS (846931000000101 OR 852451000000103)")
        #expect(parsed == .minus(.or(.constrained(.descendantOrSelfOf, .concept(60_621_009)), .constrained(.descendantOrSelfOf, .concept(446_974_000))),
                                 .or(.concept(846_931_000_000_101), .concept(852_451_000_000_103))))
    }

    @Test func refinementsAreKeptAsUnsupported() throws {
        let parsed = try ECLParser.parse("<< 404684003 : 363698007 = << 39057004")
        guard case .and(.constrained(.descendantOrSelfOf, .concept(404_684_003)), .unsupported) = parsed else {
            Issue.record("unexpected \(parsed)")
            return
        }
    }

    @Test(arguments: ["<<", "(1 OR 2", "1 OR", "sideways 1", "1 2"])
    func malformedExpressionsAreErrors(text: String) {
        #expect(throws: ECLParser.ParseError.self) { try ECLParser.parse(text) }
    }
}

@Suite struct ECLEvaluationTests {
    let h = ToyHierarchy()

    func contains(_ ecl: String, _ code: Int64) throws -> Bool? {
        try ECLParser.parse(ecl).contains(code, in: h)
    }

    @Test func hierarchyOperators() throws {
        #expect(try contains("<< 2", 2) == true)
        #expect(try contains("< 2", 2) == false)
        #expect(try contains("< 2", 4) == true)
        #expect(try contains("<! 2", 3) == true)
        #expect(try contains("<! 2", 4) == false)
        #expect(try contains("> 3", 1) == true)
        #expect(try contains("> 3", 4) == false)
        #expect(try contains(">! 3", 2) == true)
        #expect(try contains(">! 3", 1) == false)
        #expect(try contains("*", 4) == true)
    }

    @Test func membershipAndBooleanOperators() throws {
        #expect(try contains("^ 900", 5) == true)
        #expect(try contains("^ 900", 4) == false)
        #expect(try contains("<< 2 MINUS << 3", 4) == false)
        #expect(try contains("<< 2 MINUS << 3", 5) == true)
        #expect(try contains("<< 3 AND ^ 900", 3) == true)
        #expect(try contains("<< 3 AND ^ 900", 4) == false)
        #expect(try contains("<< (3 OR 5)", 4) == true)
    }

    @Test func unsupportedPartsAreUndecidedUnlessTheRestDecides() throws {
        #expect(try contains("<< 3 : 1 = 2", 4) == nil)
        #expect(try contains("<< 3 : 1 = 2", 5) == false)
    }
}
