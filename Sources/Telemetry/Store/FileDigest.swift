import Dispatch
import Foundation

/// SHA-256 of files, read in large blocks and hashed on several threads at once.
///
/// One file is hashed sequentially (SHA-256 is a chain), so the speed for one file is the speed
/// of the hash itself (≈ 1.7 GB/s with the SHA extensions); several files hash in parallel.
public enum FileDigest {
    /// Lower-case hex SHA-256 of `text`'s UTF-8 bytes (scenario hashes, content ids).
    public static func sha256(text: String) -> String { sha256(bytes: Array(text.utf8)) }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256(bytes: some Sequence<UInt8>) -> String {
        hex(Array(bytes).withUnsafeBytes { SHA256Digest.hash($0) })
    }

    /// Bytes read per call: large enough that the system-call cost vanishes, small enough to stay in cache.
    static let blockSize = 4 << 20

    /// The lower-case hex SHA-256 of the file at `path` and its length in bytes.
    ///
    /// - Throws: `TelemetryError.missingFile` or `.io` naming the file.
    public static func sha256(path: String) throws -> (hex: String, bytes: Int) {
        let file = try POSIXFile.openForReading(path)
        var hasher = SHA256Digest()
        var total = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = try file.read(into: buffer, at: total)
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += n
        }
        return (hex(hasher.finalize()), total)
    }

    /// Hashes every path, in parallel; results are in the order of `paths`.
    ///
    /// - Throws: the first error, in path order.
    public static func sha256(paths: [String]) throws -> [(hex: String, bytes: Int)] {
        let results = ResultSlots<(hex: String, bytes: Int)>(count: paths.count)
        // Biggest first, so the long hash starts at once.
        let order = paths.indices.sorted { fileSize(paths[$0]) > fileSize(paths[$1]) }
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            let i = order[k]
            results.set(i, Result { try sha256(path: paths[i]) })
        }
        return try results.values()
    }

    /// Lower-case hex of a digest.
    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : 0
    }
}
