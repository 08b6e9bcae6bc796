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

    @Test func scalarCountMatchesUnicodeScalarsForMixedText() {
        let samples = ["", "plain ascii text that is longer than a word", "é", "aé😀b", String(repeating: "日本語 ", count: 7), "😀😀😀😀😀"]
        for sample in samples {
            let bytes = Array(sample.utf8)
            let count = bytes.withUnsafeBufferPointer { JSONStringRun.scalarCount($0, 0..<bytes.count) }
            #expect(count == sample.unicodeScalars.count, "\(sample)")
        }
    }
}
