import CZlib
import FHIRElements
import Foundation

/// A read-only view of a ZIP archive (stored and deflated entries, ZIP64 sizes), memory-mapped.
///
/// Release files from TRUD and NHSBSA arrive as zips of a gigabyte or more; the archive is
/// mapped, not read, and each entry is inflated only when asked for.
public struct ZipArchive: Sendable {
    /// One file in the archive.
    public struct Entry: Sendable {
        /// The path inside the archive (`/`-separated).
        public var path: String
        public var method: UInt16
        public var compressedSize: Int
        public var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    private let bytes: Data
    public let path: String
    /// Regular files (directories left out), in central-directory order.
    public let entries: [Entry]

    /// Maps a zip file and reads its central directory. O(entries).
    /// - Throws: `OperationalError` (`.unreadable`, `.corruptArchive`) naming the file.
    public init(path: String) throws(OperationalError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw OperationalError(.unreadable, path: path, "cannot read the zip file: \(error.localizedDescription)")
        }
        try self.init(data: data, path: path)
    }

    /// Reads the central directory of zip bytes already in memory. O(entries).
    public init(data: Data, path: String) throws(OperationalError) {
        bytes = data
        self.path = path
        entries = try Self.centralDirectory(data, path: path)
    }

    /// True when the bytes start like a zip file (a local header or an empty archive).
    public static func looksLikeZip(_ prefix: some Collection<UInt8>) -> Bool {
        let head = Array(prefix.prefix(4))
        return head == [0x50, 0x4B, 0x03, 0x04] || head == [0x50, 0x4B, 0x05, 0x06]
    }

    /// The uncompressed bytes of an entry. O(entry size).
    /// - Throws: `OperationalError.corruptArchive` for a damaged entry or an unsupported method.
    public func data(_ entry: Entry) throws(OperationalError) -> [UInt8] {
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, Self.u32(bytes, header) == 0x0403_4B50 else {
            throw OperationalError(.corruptArchive, path: path, "the local header of '\(entry.path)' is damaged")
        }
        let start = header + 30 + Int(Self.u16(bytes, header + 26)) + Int(Self.u16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw OperationalError(.corruptArchive, path: path, "'\(entry.path)' is truncated")
        }
        let compressed = bytes[(bytes.startIndex + start)..<(bytes.startIndex + start + entry.compressedSize)]
        switch entry.method {
        case 0: return Array(compressed)
        case 8: return try inflateRaw(compressed, expected: entry.uncompressedSize, name: entry.path)
        default:
            throw OperationalError(.corruptArchive, path: path, "'\(entry.path)' uses compression method \(entry.method), which is not supported (only stored and deflate)")
        }
    }

    private func inflateRaw(_ input: Data, expected: Int, name: String) throws(OperationalError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw OperationalError(.corruptArchive, path: path, "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(expected, 1))
        var status: Int32 = Z_OK
        var produced = 0
        input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: UInt8.self).baseAddress)
            stream.avail_in = uInt(raw.count)
            output.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = inflate(&stream, Z_FINISH)
                produced = out.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END || (expected == 0 && produced == 0) else {
            throw OperationalError(.corruptArchive, path: path, "'\(name)' is damaged (zlib status \(status))")
        }
        output.removeSubrange(produced...)
        return output
    }

    private static func centralDirectory(_ b: Data, path: String) throws(OperationalError) -> [Entry] {
        guard b.count >= 22 else { throw OperationalError(.corruptArchive, path: path, "too short to be a zip file") }
        var end = -1
        var i = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while i >= lowest {
            if u32(b, i) == 0x0605_4B50 { end = i; break }
            i -= 1
        }
        guard end >= 0 else { throw OperationalError(.corruptArchive, path: path, "no end of central directory: not a zip file, or truncated") }
        var count = Int(u16(b, end + 10))
        var offset = Int(u32(b, end + 16))
        // ZIP64: the locator sits just before the end record and points at the 64-bit record.
        if end >= 20, u32(b, end - 20) == 0x0706_4B50 {
            let record = Int(u64(b, end - 20 + 8))
            if record + 56 <= b.count, u32(b, record) == 0x0606_4B50 {
                count = Int(u64(b, record + 32))
                offset = Int(u64(b, record + 48))
            }
        }
        var entries: [Entry] = []
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= b.count, u32(b, p) == 0x0201_4B50 else {
                throw OperationalError(.corruptArchive, path: path, "the central directory is damaged at byte \(p)")
            }
            let method = u16(b, p + 10)
            var compressed = Int(u32(b, p + 20))
            var uncompressed = Int(u32(b, p + 24))
            let nameLength = Int(u16(b, p + 28)), extraLength = Int(u16(b, p + 30)), commentLength = Int(u16(b, p + 32))
            var local = Int(u32(b, p + 42))
            guard p + 46 + nameLength + extraLength <= b.count else {
                throw OperationalError(.corruptArchive, path: path, "the central directory is truncated")
            }
            let nameStart = b.startIndex + p + 46
            let name = String(decoding: b[nameStart..<nameStart + nameLength], as: UTF8.self)
            // ZIP64 extra field: 64-bit values replace the ones saturated at 0xFFFFFFFF, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = u16(b, e), size = Int(u16(b, e + 2))
                if id == 0x0001 {
                    var q = e + 4
                    if uncompressed == 0xFFFF_FFFF { uncompressed = Int(u64(b, q)); q += 8 }
                    if compressed == 0xFFFF_FFFF { compressed = Int(u64(b, q)); q += 8 }
                    if local == 0xFFFF_FFFF { local = Int(u64(b, q)) }
                }
                e += 4 + size
            }
            if !name.hasSuffix("/") {
                entries.append(Entry(path: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: local))
            }
            p += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }

    static func u16(_ b: Data, _ i: Int) -> UInt16 {
        let s = b.startIndex + i
        return UInt16(b[s]) | UInt16(b[s + 1]) << 8
    }

    static func u32(_ b: Data, _ i: Int) -> UInt32 {
        UInt32(u16(b, i)) | UInt32(u16(b, i + 2)) << 16
    }

    static func u64(_ b: Data, _ i: Int) -> UInt64 {
        UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32
    }
}
