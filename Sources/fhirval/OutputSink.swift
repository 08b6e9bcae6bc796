import FHIRElements
import Foundation

/// Standard output or a file: lines are buffered and written 64 KB at a time (a terminal gets
/// each line at once), so a large batch does not cost a system call per record.
final class OutputSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let lineBuffered = isatty(STDOUT_FILENO) != 0

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                var isFolder: ObjCBool = false
                let folder = (path as NSString).deletingLastPathComponent
                let reason = !folder.isEmpty && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
                    ? "the folder \(folder) does not exist" : "it cannot be created or opened for writing"
                throw OperationalError(.unwritable, path: path, reason)
            }
            self.handle = handle
        } else {
            handle = FileHandle.standardOutput
        }
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        flushIfDue()
    }

    /// Lets `body` append a line's bytes to the buffer (false: it appended nothing).
    func write(_ body: (inout [UInt8]) -> Bool) {
        guard body(&buffer) else { return }
        buffer.append(UInt8(ascii: "\n"))
        flushIfDue()
    }

    private func flushIfDue() {
        if buffer.count >= 1 << 16 || (lineBuffered && handle === FileHandle.standardOutput) { flush() }
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes a file.
    func close() {
        flush()
        if handle !== FileHandle.standardOutput { try? handle.close() }
    }
}

extension OperationalError.Code {
    /// An output file that cannot be created or written.
    static let unwritable = OperationalError.Code(rawValue: "unwritable")
}
