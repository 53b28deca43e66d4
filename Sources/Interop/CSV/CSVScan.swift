import Foundation
import Telemetry

/// Byte-level scanning of comma-separated text for the recording readers: lines as byte ranges with their
/// 1-based numbers, fields as flattened `[start, end)` pairs (spaces and double quotes around a field
/// trimmed), no per-field `String`.
enum CSVScan {
    /// The file's bytes.
    ///
    /// - Throws: `InteropError` naming the file: a usage error when it does not exist, a data error when it
    ///   cannot be read.
    static func read(_ url: URL) throws -> [UInt8] {
        [UInt8](try readData(url))
    }

    /// The file's bytes as `Data` (no copy into an array).
    ///
    /// - Throws: as `read`.
    static func readData(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file", isUsageError: true)
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: url.path) else {
            throw InteropError(path: url.path, message: isDirectory.boolValue ? "is a folder, not a CSV file" : "cannot read the file")
        }
        return data
    }

    /// The file's bytes, read by up to `workers` threads at once (each `pread`s its own run of 1 MiB pieces, at
    /// least `minBytesPerWorker` in all, into a buffer advised for huge pages), with each piece's line ends and
    /// double quotes counted right after it is read, while it is still in the cache (for `CSVTable.parse`). Anything
    /// but a regular file is read as `readData` reads it, with nil counts.
    ///
    /// - Throws: as `read`; a data error when the file shrinks while it is read.
    static func readCounting(
        _ url: URL, workers: Int, minBytesPerWorker: Int = 4 << 20, piece: Int = LineEndCounts.defaultPiece
    ) throws -> (bytes: [UInt8], lineEnds: LineEndCounts?) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw InteropError(path: url.path, message: "no such file", isUsageError: true)
        }
        guard !isDirectory.boolValue else { throw InteropError(path: url.path, message: "is a folder, not a CSV file") }
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw InteropError(path: url.path, message: "cannot read the file") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return (try read(url), nil) }
        let size = Int(info.st_size)
        let pieces = (size + piece - 1) / piece
        let w = max(1, min(workers, size / max(1, minBytesPerWorker), pieces))
        var short = [Bool](repeating: false, count: w)
        var newlines = [Int](repeating: 0, count: pieces)
        var quotes = [Int](repeating: 0, count: pieces)
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            HugePages.advise(base, bytes: size)
            let p = UnsafeBufferPointer(start: base, count: size)
            short.withUnsafeMutableBufferPointer { short in
                newlines.withUnsafeMutableBufferPointer { nl in
                    quotes.withUnsafeMutableBufferPointer { qu in
                        ParallelFor.workers(w) { k in
                            // Worker k reads whole pieces: pieces * k / w up to pieces * (k + 1) / w.
                            for j in (pieces * k / w)..<(pieces * (k + 1) / w) {
                                var at = j * piece
                                let end = min(size, at + piece)
                                while at < end {
                                    let got = pread(fd, base + at, end - at, off_t(at))
                                    if got < 0 && errno == EINTR { continue }
                                    guard got > 0 else {
                                        short[k] = true
                                        return
                                    }
                                    at += got
                                }
                                (nl[j], qu[j]) = CSVTable.countLineEndsAndQuotes(p, from: j * piece, to: end)
                            }
                        }
                    }
                }
            }
            count = short.contains(true) ? 0 : size
        }
        guard !short.contains(true) else { throw InteropError(path: url.path, message: "cannot read the file (did it shrink while read?)") }
        return (bytes, LineEndCounts(bytes: size, piece: piece, newlines: newlines, quotes: quotes))
    }

    /// Calls `body` with each non-blank line's 1-based number and byte range (`\r` dropped).
    ///
    /// - Throws: `InteropError` for a blank line before the end of the file, or what `body` throws.
    static func forEachLine(_ p: UnsafeBufferPointer<UInt8>, path: String, _ body: (Int, Range<Int>) throws -> Void) throws {
        var start = 0, line = 0
        var blank: Int?
        let n = p.count
        while start < n {
            var end = start
            while end < n && p[end] != 0x0A { end += 1 }
            line += 1
            var e = end
            if e > start && p[e - 1] == 0x0D { e -= 1 }
            if e == start {
                if blank == nil { blank = line }
            } else {
                if let b = blank { throw InteropError(path: path, line: b, message: "empty line") }
                try body(line, start..<e)
            }
            start = end + 1
        }
    }

    /// The fields of a line as flattened `[start, end)` pairs in `out` (cleared first).
    static func fields(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [Int]) {
        out.removeAll(keepingCapacity: true)
        var s = range.lowerBound
        var i = range.lowerBound
        while i <= range.upperBound {
            if i == range.upperBound || p[i] == 0x2C {
                var a = s, b = i
                while a < b && (p[a] == 0x20 || p[a] == 0x22) { a += 1 }
                while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x22) { b -= 1 }
                out.append(a)
                out.append(b)
                s = i + 1
            }
            i += 1
        }
    }

    /// The text of `[start, end)`, a UTF-8 byte-order mark dropped.
    static func text(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var a = start
        if end - a >= 3 && p[a] == 0xEF && p[a + 1] == 0xBB && p[a + 2] == 0xBF { a += 3 }
        return String(decoding: UnsafeBufferPointer(rebasing: p[a..<end]), as: UTF8.self)
    }

    /// A decimal number from `[start, end)`; nil when the field is empty or a missing-value word (`nan`, `na`,
    /// `null`, `none`, any case) — the caller records NaN — and throws when it is neither.
    static func value(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, path: String, line: Int, column: String) throws -> Double {
        if end == start { return .nan }
        if let v = NABText.number(UnsafeRawBufferPointer(p), start, end) { return v.isNaN ? .nan : v }
        let word = text(p, start, end).lowercased()
        if ["nan", "na", "null", "none", "n/a"].contains(word) { return .nan }
        throw InteropError(path: path, line: line, message: "column '\(column)': '\(String(word.prefix(40)))' is not a number")
    }

    /// The header's names; duplicate or empty names are errors.
    static func header(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, path: String, line: Int) throws -> [String] {
        var f: [Int] = []
        fields(p, range, into: &f)
        let names = stride(from: 0, to: f.count, by: 2).map { text(p, f[$0], f[$0 + 1]) }
        var seen = Set<String>()
        for (i, name) in names.enumerated() {
            guard !name.isEmpty else { throw InteropError(path: path, line: line, message: "column \(i + 1) of the header has no name") }
            guard seen.insert(name).inserted else { throw InteropError(path: path, line: line, message: "column name '\(name)' appears twice") }
        }
        return names
    }
}
