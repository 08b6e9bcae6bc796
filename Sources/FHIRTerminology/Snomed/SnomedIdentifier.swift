import FHIRElements

/// SNOMED CT identifiers (SCTIDs): partition, namespace and the Verhoeff check digit.
public enum SnomedIdentifier {
    /// The SNOMED CT system URI.
    public static let system = "http://snomed.info/sct"

    /// Why a string is not a well-formed concept id, or nil. O(digits), read in place (every
    /// SNOMED CT coding of every resource comes here).
    public static func conceptProblem(_ code: String) -> String? {
        code.withUTF8Bytes { digits in
            if let problem = formProblem(digits) { return problem }
            let partition = digits[digits.count - 2]
            guard partition == 48 else {
                return partition == 49 ? "it is a description id, not a concept id" : partition == 50 ? "it is a relationship id, not a concept id" : "its partition identifier is not a concept partition"
            }
            return nil
        }
    }

    /// Why a string is not a well-formed description id, or nil. O(digits).
    public static func descriptionProblem(_ id: String) -> String? {
        id.withUTF8Bytes { digits in
            if let problem = formProblem(digits) { return problem }
            return digits[digits.count - 2] == 49 ? nil : "it is not a description id (partition identifier \(digits[digits.count - 3] - 48)\(digits[digits.count - 2] - 48))"
        }
    }

    /// What every SCTID must be: 6 to 18 digits, no leading zero, a valid check digit.
    private static func formProblem(_ digits: UnsafeBufferPointer<UInt8>) -> String? {
        guard (6...18).contains(digits.count), digits.allSatisfy({ (48...57).contains($0) }), digits[0] != 48 else {
            return "a SNOMED CT identifier is 6 to 18 digits without a leading zero"
        }
        return hasValidCheckDigit(digits) ? nil : "its check digit (Verhoeff) is wrong"
    }

    /// The namespace of an id: 0 for the International release's short form, else the 7-digit
    /// namespace of a long-form (extension) id. O(1).
    public static func namespace(_ id: Int64) -> Int64 {
        let partitionFormat = (id / 100) % 10
        return partitionFormat == 1 ? (id / 1000) % 10_000_000 : 0
    }

    /// The Verhoeff dihedral-group multiplication table, row by row (10 × 10).
    private static let multiplication: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 0, 6, 7, 8, 9, 5, 2, 3, 4, 0, 1, 7, 8, 9, 5, 6,
        3, 4, 0, 1, 2, 8, 9, 5, 6, 7, 4, 0, 1, 2, 3, 9, 5, 6, 7, 8, 5, 9, 8, 7, 6, 0, 4, 3, 2, 1,
        6, 5, 9, 8, 7, 1, 0, 4, 3, 2, 7, 6, 5, 9, 8, 2, 1, 0, 4, 3, 8, 7, 6, 5, 9, 3, 2, 1, 0, 4,
        9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
    ]
    /// The Verhoeff permutation table, row by row (8 × 10).
    private static let permutation: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 5, 7, 6, 2, 8, 3, 0, 9, 4, 5, 8, 0, 3, 7, 9, 6, 1, 4, 2,
        8, 9, 1, 6, 0, 4, 3, 5, 2, 7, 9, 4, 5, 3, 1, 2, 6, 8, 7, 0, 4, 2, 8, 6, 5, 7, 3, 9, 0, 1,
        2, 7, 9, 3, 8, 0, 6, 4, 1, 5, 7, 0, 4, 6, 9, 1, 3, 2, 5, 8,
    ]

    /// True when the last digit is the Verhoeff check digit of the others (ASCII digits). O(digits).
    static func hasValidCheckDigit(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        multiplication.withUnsafeBufferPointer { multiplication in
            permutation.withUnsafeBufferPointer { permutation in
                var check = 0
                for i in 0..<digits.count {
                    let digit = Int(digits[digits.count - 1 - i] &- 48)
                    check = Int(multiplication[check * 10 + Int(permutation[(i & 7) * 10 + digit])])
                }
                return check == 0
            }
        }
    }
}
