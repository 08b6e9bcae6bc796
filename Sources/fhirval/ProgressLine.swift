import Foundation

/// One status line on standard error, rewritten in place on a terminal and silent otherwise.
final class ProgressLine: @unchecked Sendable {
    /// True when standard error is a terminal (otherwise nothing is shown).
    let enabled = isatty(2) == 1
    private let started = Date()
    private var lastShown = Date.distantPast

    /// Shows the record count, rate and (when the input size is known) ETA, at most 5 times a second.
    func records(_ count: Int, bytes: Int, totalBytes: Int) {
        guard enabled, Date().timeIntervalSince(lastShown) >= 0.2 else { return }
        lastShown = Date()
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        var text = "\(count) records, \(Int(Double(count) / elapsed))/s"
        if totalBytes > 0, bytes > 0 {
            let fraction = min(Double(bytes) / Double(totalBytes), 1)
            text += String(format: ", %.0f%%, ETA %.0fs", fraction * 100, elapsed / fraction - elapsed)
        }
        show(text)
    }

    func show(_ message: String) {
        guard enabled else { return }
        let line = String(format: "[%5.1fs] ", Date().timeIntervalSince(started)) + message
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line.prefix(120)).utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
