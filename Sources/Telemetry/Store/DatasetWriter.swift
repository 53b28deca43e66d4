import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `DatasetSink` that streams a dataset into a folder on disk (the format `DatasetStore` reads).
///
/// Memory stays bounded by the chunk the producer hands over: `begin` creates a hidden temporary
/// sibling folder (`.NAME.tmp-XXXXXXXX`) and pre-sizes `metrics.npy`. `metrics.npy` is time-major
/// (C order, one row of every series after another), so each chunk of rows is *appended* after the
/// previous one, and a background queue writes it and feeds it to a running SHA-256 while the
/// producer computes the next chunk: when the last chunk is written, the big file's hash is done
/// too. Time-major chunks (`writeMetrics(rowOffset:rows:timeMajor:)`) go out without a copy;
/// column-major `MetricFrame` chunks are transposed into one of two staging buffers first. Records
/// are encoded in batches and appended to their JSON Lines files. `finish` hashes the small files,
/// writes `manifest.json` last, flushes everything to stable storage when `durable`, and renames
/// the folder into place atomically. A writer that throws, or is dropped before `finish`, removes
/// its temporary folder; a process that dies leaves only the hidden temporary folder. Either way
/// nothing appears under the destination name until it is complete.
///
/// ```swift
/// let writer = DatasetWriter(destination: URL(fileURLWithPath: "Datasets/default"))
/// try writer.begin(header)
/// try writer.writeMetrics(rowOffset: 0, chunk: firstRows)
/// try writer.append(logs: logs)
/// try writer.finish(groundTruth: truth)
/// ```
public final class DatasetWriter: DatasetSink {
    private enum State { case idle, writing, finished, failed }

    /// A JSON Lines file being appended to, with a write buffer.
    private struct LineFile {
        var file: POSIXFile
        var buffer: [UInt8] = []
        var count = 0
    }

    /// The folder the dataset will have once finished.
    public let destination: URL
    /// Stored as `generatorVersion` in the manifest.
    public let generatorVersion: String
    /// When true (the default), files and folders are `fsync`ed before and after the rename.
    public let durable: Bool

    private var state = State.idle
    private var temporary: URL?
    private var header: DatasetHeader?
    private var rows = 0
    private var rowsWritten = 0
    private var metrics: POSIXFile?
    private var metricsDataOffset = 0
    private var logs: LineFile?
    private var traces: LineFile?
    private var events: LineFile?
    private static let flushThreshold = 1 << 20
    /// Bytes of the two staging buffers that column-major chunks are transposed into.
    private let stagingBytes: Int
    private var stagingRows = 1
    private var staging: [UnsafeMutableRawBufferPointer] = []
    private var current = 0
    /// Write metric rows to the file and feed them to the hash, in file order, one job at a time
    /// each and side by side (the write mostly waits for the device, the hash is CPU).
    private let writeQueue = DispatchQueue(label: "faultline.DatasetWriter.write")
    private let hashQueue = DispatchQueue(label: "faultline.DatasetWriter.hash")
    private let jobs = DispatchGroup()
    private let flushError = ErrorSlot()
    /// The running SHA-256 of `metrics.npy` (touched only on `hashQueue`, and by `finish` after it drained).
    private let metricsHash = StreamingDigest()
    /// A second descriptor of `metrics.npy` opened for direct I/O (nil where the file system refuses it).
    private var metricsDirect: DirectWriter?
    /// True while a job may still be reading its buffer.
    private var jobPending = false
    /// `metrics.npy`'s header is padded to this many bytes, so the data starts on a page boundary
    /// (direct I/O needs aligned file offsets; `numpy.load(mmap_mode=…)` maps whole pages).
    static let metricsDataAlignment = 4096

    /// Creates a writer for the dataset folder `destination` (created on `finish`).
    ///
    /// - Parameters:
    ///   - destination: the dataset folder; its parent must exist. An existing dataset folder of the
    ///     same name is replaced, but only once the new one is complete.
    ///   - generatorVersion: program and version recorded in the manifest.
    ///   - durable: `fsync` files and folders (the default); `false` trades crash durability for speed.
    ///   - stagingBytes: size of the two buffers (half each) that column-major chunks are transposed
    ///     into before they are written (default 16 MiB): a chunk taller than half of it is written in
    ///     several pieces. Memory use is bounded by this plus the caller's chunk.
    public init(
        destination: URL, generatorVersion: String = DatasetStore.generatorVersion, durable: Bool = true,
        stagingBytes: Int = 16 << 20
    ) {
        self.destination = destination.standardizedFileURL
        self.generatorVersion = generatorVersion
        self.durable = durable
        self.stagingBytes = stagingBytes
    }

    deinit {
        releaseStaging()
        if state != .finished { discardTemporary() }
    }

    /// Starts the dataset; timestamps are the regular grid of `header.axis`.
    public func begin(_ header: DatasetHeader) throws {
        try begin(header, timestamps: nil)
    }

    /// Starts the dataset with explicit (possibly irregular) row timestamps.
    ///
    /// - Parameters:
    ///   - header: provenance, axis, series and topology.
    ///   - timestamps: epoch milliseconds of every row; nil for `header.axis.timestamps`. Its count is the row count.
    /// - Throws: `TelemetryError.invalidValue` when called twice, `.io` when the folder or files cannot be created.
    public func begin(_ header: DatasetHeader, timestamps: [Int64]?) throws {
        guard state == .idle else { throw TelemetryError.invalidValue(field: "DatasetWriter", reason: "begin called twice") }
        state = .writing
        do {
            let rows = timestamps?.count ?? header.axis.count
            self.header = header
            self.rows = rows
            let tmp = try makeTemporaryFolder()
            temporary = tmp
            // Timestamps: small, written at once.
            let ts = timestamps ?? header.axis.timestamps
            try NPYFile.write(ts, to: tmp.appendingPathComponent(DatasetStore.timestampsFile))
            // Metrics: header now (and into the running hash), data appended chunk by chunk.
            let m = try POSIXFile.create(tmp.appendingPathComponent(DatasetStore.metricsFile).path)
            let npy = NPYHeader(dtype: .float64, shape: [rows, header.series.count], fortranOrder: false)
            let preamble = try Self.paddedPreamble(npy, to: Self.metricsDataAlignment)
            try preamble.withUnsafeBytes { try m.write($0, at: 0) }
            try m.reserve(preamble.count + npy.dataByteCount)
            preamble.withUnsafeBytes { metricsHash.update($0) }
            metrics = m
            metricsDirect = DirectWriter(path: m.path)
            metricsDataOffset = preamble.count
            stagingRows = max(1, min(rows, stagingBytes / max(1, 16 * header.series.count)))
            logs = LineFile(file: try POSIXFile.create(tmp.appendingPathComponent(DatasetStore.logsFile).path))
            traces = LineFile(file: try POSIXFile.create(tmp.appendingPathComponent(DatasetStore.tracesFile).path))
            events = LineFile(file: try POSIXFile.create(tmp.appendingPathComponent(DatasetStore.eventsFile).path))
        } catch {
            fail()
            throw error
        }
    }

    /// Writes rows `rowOffset ..< rowOffset + chunk.rows` of every series.
    ///
    /// Chunks must continue each other (`rowOffset` equal to the rows written so far). The chunk is
    /// transposed to time-major order in pieces of at most half the staging size; each piece is
    /// written and hashed in the background while the next is transposed. `chunk` itself is not
    /// referenced after the call returns.
    public func writeMetrics(rowOffset: Int, chunk: MetricFrame) throws {
        try guarded {
            try checkChunk(rowOffset: rowOffset, rows: chunk.rows, columns: chunk.columns)
            let columns = chunk.columns
            guard chunk.rows > 0, columns > 0 else { return }
            if staging.isEmpty {
                staging = (0..<2).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: stagingRows * columns * 8, alignment: 4096) }
            }
            try chunk.withUnsafeColumns { src, leadingDimension in
                var done = 0
                while done < chunk.rows {
                    let take = min(stagingRows, chunk.rows - done)
                    let dst = staging[current].bindMemory(to: Double.self)
                    MetricTranspose.toTimeMajor(src, rows: leadingDimension, columns: columns, from: done, count: take, into: dst)
                    try submit(UnsafeRawBufferPointer(rebasing: staging[current][0..<(8 * take * columns)]), rows: take)
                    current ^= 1
                    done += take
                }
            }
        }
    }

    /// Writes rows `rowOffset ..< rowOffset + rows` given time-major: row `r`'s series are
    /// `values[r * series ..< (r + 1) * series]` (exactly the bytes they take in `metrics.npy`).
    ///
    /// No copy is made: the values are written and hashed on a background queue, and the writer may
    /// read `values` until its next `writeMetrics` or `finish` call returns (or any call throws). A
    /// producer that alternates between two buffers therefore computes chunk k + 1 while chunk k is
    /// being written, and must not change a buffer before then.
    public func writeMetrics(rowOffset: Int, rows count: Int, timeMajor values: UnsafeBufferPointer<Double>) throws {
        try guarded {
            let columns = header?.series.count ?? 0
            guard values.count == count * columns else {
                throw TelemetryError.shapeMismatch(
                    what: "metric chunk", expected: "\(count) rows × \(columns) series = \(count * columns) values",
                    found: "\(values.count) values")
            }
            try checkChunk(rowOffset: rowOffset, rows: count, columns: columns)
            guard count > 0, columns > 0 else { return }
            try submit(UnsafeRawBufferPointer(values), rows: count)
        }
    }

    private func checkChunk(rowOffset: Int, rows count: Int, columns found: Int) throws {
        let columns = header?.series.count ?? 0
        guard found == columns else {
            throw TelemetryError.shapeMismatch(what: "metric chunk", expected: "\(columns) series", found: "\(found)")
        }
        guard rowOffset == rowsWritten else {
            throw TelemetryError.invalidValue(field: "rowOffset", reason: "chunk at row \(rowOffset) does not continue row \(rowsWritten) of \(rows)")
        }
        guard rows - rowOffset >= count else {
            throw TelemetryError.invalidValue(
                field: "rowOffset", reason: "chunk of \(count) rows at row \(rowOffset) runs past the last row (\(rows) rows)")
        }
        if let error = flushError.error { throw error }
    }

    /// Waits for the previous background job, then hands `bytes` (the next `rows` time-major rows)
    /// to the queue, which writes them at their place in `metrics.npy` and adds them to the hash.
    private func submit(_ bytes: UnsafeRawBufferPointer, rows count: Int) throws {
        guard let metrics else { return }
        waitForJob()
        if let error = flushError.error { throw error }
        let offset = metricsDataOffset + 8 * rowsWritten * (header?.series.count ?? 0)
        let errors = flushError, digest = metricsHash
        jobPending = true
        #if _endian(big)
        // Big-endian hosts: swap a copy to little-endian and write and hash it right here.
        var swapped = [UInt8](bytes)
        for i in stride(from: 0, to: swapped.count, by: 8) { swapped[i..<(i + 8)].reverse() }
        try swapped.withUnsafeBytes { raw in
            try metrics.write(raw, at: offset)
            digest.update(raw)
        }
        jobPending = false
        rowsWritten += count
        return
        #endif
        let job = UncheckedBox((bytes: bytes, file: metrics, direct: metricsDirect))
        writeQueue.async(group: jobs) {
            do {
                // Whole pages at a page-aligned offset go straight to the device; the rest through the page cache.
                let raw = job.value.bytes
                var done = 0
                if let direct = job.value.direct { done = direct.write(raw, at: offset) }
                if done < raw.count { try job.value.file.write(UnsafeRawBufferPointer(rebasing: raw[done...]), at: offset + done) }
            } catch {
                errors.record(error)
            }
        }
        hashQueue.async(group: jobs) { digest.update(job.value.bytes) }
        rowsWritten += count
    }

    /// Blocks until the background jobs (if any) are done with their buffer.
    private func waitForJob() {
        guard jobPending else { return }
        jobs.wait()
        jobPending = false
    }

    /// Waits for background writes, closes the direct descriptor and frees the staging buffers.
    private func releaseStaging() {
        jobs.wait()
        jobPending = false
        metricsDirect = nil
        for b in staging { b.deallocate() }
        staging = []
    }

    /// The `.npy` preamble of `header` with the dict padded by spaces so that the data starts at a
    /// multiple of `alignment` bytes (a valid format 1.0 header: NumPy reads any header length).
    static func paddedPreamble(_ header: NPYHeader, to alignment: Int) throws -> [UInt8] {
        var out = try header.encoded()
        let target = (out.count + alignment - 1) / alignment * alignment
        let headerLength = target - 10
        guard target > out.count, headerLength < 65_536 else { return out }
        out.removeLast()  // the "\n"
        out.append(contentsOf: repeatElement(0x20, count: target - out.count - 1))
        out.append(0x0A)
        out[8] = UInt8(headerLength & 0xFF)
        out[9] = UInt8(headerLength >> 8)
        return out
    }

    /// Appends log records to `logs.jsonl`.
    public func append(logs records: [LogRecord]) throws {
        try guarded { try Self.append(records, to: &logs) }
    }

    /// Appends spans to `traces.jsonl`.
    public func append(spans records: [Span]) throws {
        try guarded { try Self.append(records, to: &traces) }
    }

    /// Appends ops events to `events.jsonl`.
    public func append(events records: [OpsEvent]) throws {
        try guarded { try Self.append(records, to: &events) }
    }

    private static func append<T: CanonicalJSONLine>(_ records: [T], to stream: inout LineFile?) throws {
        guard !records.isEmpty, var s = stream else { return }
        stream = nil  // keep the buffer uniquely referenced while appending
        JSONLines.encodeCanonical(records, into: &s.buffer)
        s.count += records.count
        if s.buffer.count >= flushThreshold {
            try s.buffer.withUnsafeBytes { try s.file.append($0) }
            s.buffer.removeAll(keepingCapacity: true)
        }
        stream = s
    }

    /// Completes the dataset: hashes the files, writes `manifest.json`, syncs, renames into place.
    ///
    /// - Throws: `.invalidValue` when rows are missing, `.io` when a file or the rename fails. On error
    ///   the temporary folder is removed and nothing appears at `destination`.
    public func finish(groundTruth: GroundTruth) throws {
        try guarded {
            guard rowsWritten == rows else {
                throw TelemetryError.invalidValue(field: "rows", reason: "only \(rowsWritten) of \(rows) rows were written")
            }
            releaseStaging()
            if let error = flushError.error { throw error }
            guard let header, let tmp = temporary, let metrics, var logs, var traces, var events else {
                throw TelemetryError.invalidValue(field: "DatasetWriter", reason: "finish before begin")
            }
            for k in 0..<3 {
                var s = k == 0 ? logs : k == 1 ? traces : events
                try s.buffer.withUnsafeBytes { try s.file.append($0) }
                s.buffer = []
                if k == 0 { logs = s } else if k == 1 { traces = s } else { events = s }
            }
            let names = DatasetStore.dataFiles
            let paths = names.map { tmp.appendingPathComponent($0).path }
            let open: [POSIXFile] = [metrics, logs.file, traces.file, events.file]
            // metrics.npy was hashed as it was written; its length is the header plus every row.
            let metricsBytes = metricsDataOffset + 8 * rows * header.series.count
            guard try metrics.size() == metricsBytes else {
                throw TelemetryError.io(path: metrics.path, reason: "file is \(try metrics.size()) bytes after writing, expected \(metricsBytes)")
            }
            let streamed = [DatasetStore.metricsFile: (hex: metricsHash.finalizeHex(), bytes: metricsBytes)]
            let digests = try hashAndSync(paths: paths, known: names.map { streamed[$0] }, syncing: durable ? open : [])
            for f in open { try f.close() }
            let files = zip(names, digests).map { DatasetManifest.FileEntry(name: $0.0, bytes: $0.1.bytes, sha256: $0.1.hex) }
            let manifest = DatasetManifest(
                generatorVersion: generatorVersion, info: header.info, axis: header.axis, rows: rows, series: header.series,
                topology: header.topology, groundTruth: groundTruth,
                records: .init(logs: logs.count, spans: traces.count, events: events.count), files: files)
            let data = try manifest.encoded()
            let mf = try POSIXFile.create(tmp.appendingPathComponent(DatasetStore.manifestFile).path)
            try data.withUnsafeBytes { try mf.write($0, at: 0) }
            if durable {
                try mf.sync()
                try POSIXFile.openDirectory(tmp.path).sync()
            }
            try mf.close()
            try install(tmp)
            if durable { try POSIXFile.openDirectory(destination.deletingLastPathComponent().path).sync() }
            self.metrics = nil
            self.logs = nil
            self.traces = nil
            self.events = nil
            state = .finished
        }
    }

    // MARK: - Internals

    /// Runs `body` in the writing state; any error makes the writer unusable and removes its files.
    private func guarded(_ body: () throws -> Void) throws {
        guard state == .writing else {
            throw TelemetryError.invalidValue(
                field: "DatasetWriter", reason: state == .idle ? "begin was not called" : "writer is finished or failed")
        }
        do { try body() } catch {
            fail()
            throw error
        }
    }

    private func fail() {
        state = .failed
        releaseStaging()
        metrics = nil
        logs = nil
        traces = nil
        events = nil
        discardTemporary()
    }

    private func discardTemporary() {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
        temporary = nil
    }

    private func makeTemporaryFolder() throws -> URL {
        try FolderSwap.makeTemporarySibling(of: destination, tag: "tmp")
    }

    /// Hashes every path whose digest is not `known` already and, at the same time, syncs the given
    /// files (hashing is CPU, the flush is the disk).
    private func hashAndSync(
        paths: [String], known: [(hex: String, bytes: Int)?],
        syncing files: [POSIXFile]
    ) throws -> [(hex: String, bytes: Int)] {
        let hashes = ResultSlots<(hex: String, bytes: Int)>(count: paths.count)
        let syncs = ResultSlots<Void>(count: files.count)
        for (i, k) in known.enumerated() { if let k { hashes.set(i, .success(k)) } }
        let sizes = paths.map(FileDigest.fileSize)
        let hashOrder = paths.indices.filter { known[$0] == nil }.sorted { sizes[$0] > sizes[$1] }
        // Interleave: biggest hash, first sync, next hash, next sync, …
        var order: [(isHash: Bool, index: Int)] = []
        for k in 0..<max(hashOrder.count, files.count) {
            if k < hashOrder.count { order.append((true, hashOrder[k])) }
            if k < files.count { order.append((false, k)) }
        }
        let tasks = order
        let syncBox = UncheckedBox(files)
        DispatchQueue.concurrentPerform(iterations: tasks.count) { t in
            let task = tasks[t]
            if task.isHash {
                hashes.set(task.index, Result { try FileDigest.sha256(path: paths[task.index]) })
            } else {
                syncs.set(task.index, Result { try syncBox.value[task.index].sync() })
            }
        }
        _ = try syncs.values()
        return try hashes.values()
    }

    /// Moves the finished temporary folder to `destination`, atomically replacing an existing dataset.
    private func install(_ tmp: URL) throws {
        let dest = destination.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dest, isDirectory: &isDirectory) else {
            guard rename(tmp.path, dest) == 0 else { throw POSIXFile.error(dest, "cannot move the finished dataset into place") }
            temporary = nil
            return
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: dest)) ?? []
        guard isDirectory.boolValue, contents.isEmpty || contents.contains(DatasetStore.manifestFile) else {
            throw TelemetryError.io(path: dest, reason: "refusing to replace something that is not a dataset folder")
        }
        try FolderSwap.install(tmp, at: destination, what: "dataset")
        temporary = nil
    }
}

/// The first error of background writes.
private final class ErrorSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?

    var error: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    func record(_ error: any Error) {
        lock.lock()
        if first == nil { first = error }
        lock.unlock()
    }
}

/// Carries a non-Sendable value across a concurrency boundary where access is synchronised otherwise
/// (distinct indices in `concurrentPerform`; the writer's queues, joined before a buffer is reused).
private struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// A SHA-256 fed from one queue at a time (the writer's flush queue, then `finish` once it drained).
private final class StreamingDigest: @unchecked Sendable {
    private var hasher: SHA256Digest? = SHA256Digest()

    func update(_ bytes: UnsafeRawBufferPointer) { hasher?.update(bytes) }

    /// Lower-case hex digest of everything fed so far; the digest is spent afterwards.
    func finalizeHex() -> String {
        guard let h = hasher.take() else { preconditionFailure("StreamingDigest finalised twice") }
        return FileDigest.hex(h.finalize())
    }
}

/// Writes whole, page-aligned runs of bytes to a file opened with `O_DIRECT` (Linux), bypassing the
/// page cache: no copy into the cache and no dirty-page accounting, which on a virtual machine is
/// most of the cost of writing a large file. Anything it cannot write that way is left to the caller.
final class DirectWriter: @unchecked Sendable {
    private var fd: Int32
    static let pageSize = 4096

    #if os(Linux)
    /// `O_DIRECT`, which the Swift Glibc module does not export (it sits behind `_GNU_SOURCE`).
    static var directFlag: Int32? {
        #if arch(x86_64) || arch(i386)
        return 0o40000
        #elseif arch(arm64) || arch(arm)
        return 0o200000
        #else
        return nil
        #endif
    }
    #endif

    /// Opens `path` for direct writes; nil where direct I/O is not available (other systems, tmpfs, …).
    init?(path: String) {
        #if os(Linux)
        guard let flag = Self.directFlag else { return nil }
        fd = open(path, O_WRONLY | flag | O_CLOEXEC)
        if fd < 0 { return nil }
        #else
        return nil
        #endif
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes the longest prefix of `bytes` that direct I/O allows (whole pages from a page-aligned
    /// address to a page-aligned offset) and returns its length: 0 when nothing qualifies or the
    /// file system refuses (the caller then writes the bytes through the page cache, and this
    /// writer stops trying).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int {
        guard fd >= 0, let base = bytes.baseAddress, offset % Self.pageSize == 0, Int(bitPattern: base) % Self.pageSize == 0 else { return 0 }
        let length = bytes.count / Self.pageSize * Self.pageSize
        var done = 0
        while done < length {
            let n = pwrite(fd, base + done, length - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0, n % Self.pageSize == 0 else {
                close(fd)
                fd = -1
                return done
            }
            done += n
        }
        return done
    }
}
