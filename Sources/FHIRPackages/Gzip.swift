import FHIRElements
import CZlib

/// gzip and zlib decompression through the system zlib.
public enum Gzip {
    /// Inflates a whole gzip (or zlib) stream into memory. O(output size).
    /// - Throws: `OperationalError.corruptArchive` when the stream is damaged or truncated.
    public static func decompress(_ input: [UInt8], path: String) throws(OperationalError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw OperationalError(.corruptArchive, path: path, "zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 6)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var status: Int32 = Z_OK
        var input = input
        let inputCount = input.count
        input.withUnsafeMutableBufferPointer { inBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inputCount)
            repeat {
                chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    let produced = outBuffer.count - Int(stream.avail_out)
                    output.append(contentsOf: outBuffer[0..<produced])
                }
                // Concatenated gzip members: start the next one.
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    status = inflateReset(&stream)
                }
            } while status == Z_OK
        }
        guard status == Z_STREAM_END else {
            let reason = status == Z_BUF_ERROR ? "the compressed data is truncated" : "the compressed data is damaged (zlib status \(status))"
            throw OperationalError(.corruptArchive, path: path, reason)
        }
        return output
    }
}
