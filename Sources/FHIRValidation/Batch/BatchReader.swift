import FHIRPackages
import Foundation

/// Turns inputs (files, folders, patterns, `-`) into records, streaming NDJSON with bounded memory.
///
/// Folders are walked recursively in name order for `.json`, `.xml`, `.ndjson` and `.jsonl`
/// files and `.zip`, `.tgz` and `.tar.gz` archives of them. An NDJSON file yields one record per
/// non-blank line; other files are one record. Records from an archive are named
/// `archive.zip!path/inside`; zip entries are inflated one at a time.
/// Standard input is NDJSON when it holds more than one line starting with `{`, else one document.
public struct BatchReader {
    public let inputs: [String]

    public init(inputs: [String]) { self.inputs = inputs }

    static let extensions: Set<String> = ["json", "xml", "ndjson", "jsonl", "zip", "tgz", "gz"]
    static let memberExtensions: Set<String> = ["json", "xml", "ndjson", "jsonl"]

    /// The files the inputs name, in order (folders expanded, patterns such as `exports/*.ndjson`
    /// replaced by the paths they match). Missing inputs, and patterns that match nothing, are
    /// kept so they are reported as unreadable records, never skipped.
    public func files() -> [String] {
        var out: [String] = []
        for input in inputs {
            guard input != "-", !FileManager.default.fileExists(atPath: input), PathPattern.isPattern(input) else {
                out += Self.files(named: input)
                continue
            }
            let matches = PathPattern(text: input).matches()
            out += matches.isEmpty ? [input] : matches.flatMap(Self.files(named:))
        }
        return out
    }

    /// A folder's files with the extensions read, in name order, searched recursively; any other
    /// path itself.
    private static func files(named path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let enumerator = FileManager.default.enumerator(atPath: path)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let ext = (relative as NSString).pathExtension.lowercased()
            if extensions.contains(ext) { found.append((path.hasSuffix("/") ? path : path + "/") + relative) }
        }
        return found.sorted()
    }

    /// Calls `body` with each record in order; NDJSON files are read in chunks. O(input size).
    public func forEachRecord(_ body: (BatchRecord) -> Void) {
        var sequence = 0
        func emit(_ record: BatchRecord) {
            var r = record
            r.sequence = sequence
            sequence += 1
            body(r)
        }
        for file in files() {
            let ext = (file as NSString).pathExtension.lowercased()
            if file == "-" {
                let data = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                if Self.looksLikeNDJSON(data) {
                    Self.splitLines(data, source: file) { emit($0) }
                } else {
                    emit(BatchRecord(source: file, line: nil, sequence: 0, bytes: data, format: nil))
                }
                continue
            }
            if ext == "zip" || ext == "tgz" || file.lowercased().hasSuffix(".tar.gz") {
                Self.readArchive(file, emit)
                continue
            }
            if ext == "ndjson" || ext == "jsonl" {
                guard let handle = FileHandle(forReadingAtPath: file) else {
                    emit(BatchRecord(source: file, line: nil, sequence: 0, bytes: [], format: .json, readError: Self.openError(file)))
                    continue
                }
                Self.streamLines(handle, source: file) { emit($0) }
                try? handle.close()
                continue
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                emit(BatchRecord(source: file, line: nil, sequence: 0, bytes: [], format: nil, readError: Self.openError(file)))
                continue
            }
            emit(BatchRecord(source: file, line: nil, sequence: 0, bytes: [UInt8](data), format: ext == "xml" ? .xml : ext == "json" ? .json : nil))
        }
    }

    static func looksLikeNDJSON(_ data: [UInt8]) -> Bool {
        var objectLines = 0
        var atLineStart = true
        for b in data {
            if b == 0x0A { atLineStart = true; continue }
            if atLineStart && (b == 0x20 || b == 0x09 || b == 0x0D) { continue }
            if atLineStart { if b == UInt8(ascii: "{") { objectLines += 1 } else { return false } }
            atLineStart = false
            if objectLines > 1 { return true }
        }
        return false
    }

    static func splitLines(_ data: [UInt8], source: String, _ emit: (BatchRecord) -> Void) {
        var line = 1
        var start = 0
        for end in lineEnds(in: data) + [data.count] {
            emitLine(Array(data[start..<end]), source: source, line: line, emit)
            line += 1
            start = end + 1
        }
    }

    /// Reads a file in 1 MB chunks and emits each non-blank line; memory is bounded by the longest line.
    /// One buffer is read into again and again (no allocation, and no page faults, per chunk).
    /// A read that fails is reported as an unreadable record at the line it stopped at.
    static func streamLines(_ handle: FileHandle, source: String, _ emit: (BatchRecord) -> Void) {
        var pending: [UInt8] = []
        var line = 1
        func flush(_ bytes: ArraySlice<UInt8>) {
            emitLine(Array(bytes), source: source, line: line, emit)
            line += 1
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                let reason = String(cString: strerror(errno))
                emit(BatchRecord(source: source, line: line, sequence: 0, bytes: [], format: .json,
                                 readError: OperationalError(.unreadable, path: source, "the file could not be read from line \(line) on (\(reason))")))
                return
            }
            if count == 0 { break }
            var start = 0
            for end in lineEnds(in: chunk, count: count) {
                if pending.isEmpty {
                    flush(chunk[start..<end])
                } else {
                    pending.append(contentsOf: chunk[start..<end])
                    flush(pending[...])
                    pending.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
            pending.append(contentsOf: chunk[start..<count])
        }
        if !pending.isEmpty { flush(pending[...]) }
    }

    /// The offsets of the line feeds in the first `count` bytes (all when nil), found with memchr
    /// rather than byte by byte. O(n).
    static func lineEnds(in bytes: [UInt8], count: Int? = nil) -> [Int] {
        var ends: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let limit = min(count ?? buffer.count, buffer.count)
            var from = 0
            while from < limit, let found = memchr(base + from, 0x0A, limit - from) {
                let end = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                ends.append(end)
                from = end + 1
            }
        }
        return ends
    }

    /// Emits one NDJSON line as a record, unless it is blank (spaces, tabs, a carriage return).
    private static func emitLine(_ bytes: [UInt8], source: String, line: Int, _ emit: (BatchRecord) -> Void) {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
        emit(BatchRecord(source: source, line: line, sequence: 0, bytes: bytes, format: .json))
    }

    /// Emits the records of the supported files inside a zip or gzipped tar archive; a damaged
    /// archive (or entry) is one unreadable record that says why.
    static func readArchive(_ path: String, _ emit: (BatchRecord) -> Void) {
        func member(_ name: String, _ bytes: [UInt8]) {
            let ext = (name as NSString).pathExtension.lowercased()
            guard memberExtensions.contains(ext), !name.hasPrefix("__MACOSX/") else { return }
            let source = path + "!" + name
            if ext == "ndjson" || ext == "jsonl" {
                splitLines(bytes, source: source, emit)
            } else {
                emit(BatchRecord(source: source, line: nil, sequence: 0, bytes: bytes, format: ext == "xml" ? .xml : .json))
            }
        }
        do throws(OperationalError) {
            if path.lowercased().hasSuffix(".zip") {
                let archive = try ZipArchive(path: path)
                for entry in archive.entries.sorted(by: { $0.path < $1.path }) {
                    do throws(OperationalError) {
                        member(entry.path, try archive.data(entry))
                    } catch {
                        emit(BatchRecord(source: path + "!" + entry.path, line: nil, sequence: 0, bytes: [], format: nil, readError: error))
                    }
                }
            } else {
                guard let data = FileManager.default.contents(atPath: path) else { throw openError(path) }
                let tar = try TarArchive(try Gzip.decompress([UInt8](data), path: path), path: path)
                for entry in tar.entries.sorted(by: { $0.path < $1.path }) { member(entry.path, Array(tar.data(entry))) }
            }
        } catch {
            emit(BatchRecord(source: path, line: nil, sequence: 0, bytes: [], format: nil, readError: error))
        }
    }

    /// Why a file could not be opened: missing, or there but unreadable (a folder, no permission).
    static func openError(_ path: String) -> OperationalError {
        if FileManager.default.fileExists(atPath: path) { return OperationalError(.unreadable, path: path, "the file could not be read") }
        return OperationalError(.notFound, path: path, PathPattern.isPattern(path) ? "no file matches this pattern" : "no such file")
    }
}
