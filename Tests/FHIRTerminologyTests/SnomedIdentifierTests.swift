import Testing
@testable import FHIRTerminology

/// SCTID form checks: length, digits, the Verhoeff check digit and the partition.
@Suite struct SnomedIdentifierTests {
    /// Verhoeff's scheme gives every payload exactly one valid check digit; over many payloads
    /// (lengths 5 to 17, so ids of 6 to 18 digits) this exercises every cell of both tables.
    @Test func everyPayloadHasExactlyOneValidCheckDigit() {
        var payload: UInt64 = 10_000
        for _ in 0..<2_000 {
            let text = String(payload)
            let valid = (0...9).filter { digit in
                let id = Array((text + String(digit)).utf8)
                return id.withUnsafeBufferPointer(SnomedIdentifier.hasValidCheckDigit)
            }
            #expect(valid.count == 1, "payload \(text): \(valid)")
            payload = payload &* 6_364_136_223_846_793 % 99_999_999_999_999_999 + 10_007
        }
    }

    @Test func publishedIdsPassAndOneDigitChangesFail() {
        // Concepts (partition 00), a long-form extension concept (10), descriptions (01, 11).
        for id in ["22298006", "60621009", "50373000", "900000000000003001", "232981000000109"] {
            #expect(SnomedIdentifier.conceptProblem(id) == nil, "\(id)")
        }
        // Description ids from the RF2 samples: a short-form one (01) and a long-form one (11).
        for id in ["2957222010", "126171000119119"] {
            #expect(SnomedIdentifier.descriptionProblem(id) == nil, "\(id)")
            #expect(SnomedIdentifier.conceptProblem(id) == "it is a description id, not a concept id")
        }
        #expect(SnomedIdentifier.conceptProblem("60621008") == "its check digit (Verhoeff) is wrong")
        #expect(SnomedIdentifier.conceptProblem("60612009") == "its check digit (Verhoeff) is wrong")  // two digits swapped
        #expect(SnomedIdentifier.descriptionProblem("22298006") == "it is not a description id (partition identifier 00)")
    }

    @Test func malformedIdsAreNamedAsSuch() {
        let form = "a SNOMED CT identifier is 6 to 18 digits without a leading zero"
        for id in ["", "12345", "0622298006", "6062100x9", "6062 1009", "1234567890123456789", "６0621009"] {
            #expect(SnomedIdentifier.conceptProblem(id) == form, "\(id)")
            #expect(SnomedIdentifier.descriptionProblem(id) == form, "\(id)")
        }
    }
}
