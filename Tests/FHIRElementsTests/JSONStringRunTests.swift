import Testing
@testable import FHIRElements

@Suite struct JSONStringRunTests {
    @Test(arguments: [UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00, 0x01, 0x0A, 0x1F])
    func plainRunEndsAtTheFirstQuoteBackslashOrControlByteAtAnyOffset(stop: UInt8) {
        // Bytes next to the stops (space, '!', '#', '[', ']', DEL) and UTF-8 bytes must not end a run.
        let filler = Array("a !#[]\u{7F}é😀".utf8)
        for length in 0..<40 {
            var bytes = (0..<length).map { filler[$0 % filler.count] }
            bytes.append(stop)
            bytes += Array("tail\"".utf8)
            let end = bytes.withUnsafeBufferPointer { JSONStringRun.endOfPlainRun($0, from: 0) }
            #expect(end == length, "length \(length), stop 0x\(String(stop, radix: 16))")
        }
    }

    @Test func scanCountsTheScalarsOfTheRunUpToItsStop() {
        // Runs of every length up to 40 over mixed-width characters, ended by a quote or the end.
        let samples = ["a", "é", "日", "😀", "ab", "aé😀b日本語 plain text"]
        for sample in samples {
            for repeats in 1...6 {
                let run = String(repeating: sample, count: repeats)
                for ending in ["", "\"tail", "\"éé日", "\\n😀"] {
                    let bytes = Array((run + ending).utf8)
                    let scan = bytes.withUnsafeBufferPointer { JSONStringRun.scan($0, from: 0) }
                    #expect(scan.end == run.utf8.count, "\(run)\(ending)")
                    #expect(scan.scalars == run.unicodeScalars.count, "\(run)\(ending)")
                }
            }
        }
    }
}
