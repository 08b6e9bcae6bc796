import FHIRElements
/// A read-only view of a POSIX (ustar/pax/GNU) tar archive held in memory.
public struct TarArchive: Sendable {
    /// One regular file: its path inside the archive and where its bytes lie.
    public struct Entry: Sendable {
        public var path: String
        public var range: Range<Int>
    }

    public let bytes: [UInt8]
    /// Regular files, in archive order.
    public let entries: [Entry]

    /// Indexes the archive's headers. O(number of entries).
    /// - Throws: `OperationalError.corruptArchive` for a damaged header or a truncated file.
    public init(_ bytes: [UInt8], path: String) throws(OperationalError) {
        self.bytes = bytes
        var entries: [Entry] = []
        var offset = 0
        var longName: String?
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }
            guard Self.checksumMatches(bytes, at: offset) else {
                throw OperationalError(.corruptArchive, path: path, "tar header at byte \(offset) has a bad checksum")
            }
            guard let size = Self.octal(bytes, offset + 124, 12) else {
                throw OperationalError(.corruptArchive, path: path, "tar header at byte \(offset) has an unreadable size")
            }
            let type = bytes[offset + 156]
            let dataStart = offset + 512
            guard dataStart + size <= bytes.count else {
                throw OperationalError(.corruptArchive, path: path, "the archive is truncated inside an entry at byte \(offset)")
            }
            let data = dataStart..<dataStart + size
            switch type {
            case UInt8(ascii: "L"):
                longName = Self.string(bytes, data.lowerBound, size)
            case UInt8(ascii: "x"):
                longName = Self.paxPath(Array(bytes[data])) ?? longName
            case UInt8(ascii: "0"), 0:
                let name = longName ?? Self.headerPath(bytes, offset)
                entries.append(Entry(path: name, range: data))
                longName = nil
            default:
                longName = nil
            }
            offset = dataStart + (size + 511) / 512 * 512
        }
        self.entries = entries
    }

    /// The bytes of one entry.
    public func data(_ entry: Entry) -> ArraySlice<UInt8> { bytes[entry.range] }

    private static func checksumMatches(_ b: [UInt8], at offset: Int) -> Bool {
        guard let stored = octal(b, offset + 148, 8) else { return false }
        var sum = 0
        for i in 0..<512 { sum += (148..<156).contains(i) ? 32 : Int(b[offset + i]) }
        return sum == stored
    }

    private static func octal(_ b: [UInt8], _ start: Int, _ length: Int) -> Int? {
        var value = 0
        var seenDigit = false
        for i in start..<start + length {
            let c = b[i]
            if c == 0 || c == UInt8(ascii: " ") {
                if seenDigit { break } else { continue }
            }
            guard c >= 0x30 && c <= 0x37 else { return nil }
            value = value * 8 + Int(c - 0x30)
            seenDigit = true
        }
        return value
    }

    private static func string(_ b: [UInt8], _ start: Int, _ length: Int) -> String {
        var end = start
        while end < start + length && b[end] != 0 { end += 1 }
        return String(decoding: b[start..<end], as: UTF8.self)
    }

    private static func headerPath(_ b: [UInt8], _ offset: Int) -> String {
        let name = string(b, offset, 100)
        let isUstar = string(b, offset + 257, 5) == "ustar"
        let prefix = isUstar ? string(b, offset + 345, 155) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    /// The `path` record of a pax extended header ("LEN path=VALUE\n" records).
    private static func paxPath(_ data: [UInt8]) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        for record in text.split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let keyValue = record[record.index(after: space)...]
            if keyValue.hasPrefix("path=") { return String(keyValue.dropFirst(5)) }
        }
        return nil
    }
}
