import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@Suite struct DatasetWriterTests {
    private func siblings(of url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path).sorted()
    }

    /// Streams the fixture through a writer in chunks of `chunkRows` rows, records split in two batches.
    private func writeChunked(to url: URL, chunkRows: Int, stagingBytes: Int) throws {
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false, stagingBytes: stagingBytes)
        try writer.begin(ds.header)
        var row = 0
        while row < ds.frame.rows {
            let n = min(chunkRows, ds.frame.rows - row)
            try writer.writeMetrics(rowOffset: row, chunk: ds.frame.rows(row..<(row + n)))
            if row == 0 {
                try writer.append(logs: Array(ds.logs.prefix(1)))
                try writer.append(spans: Array(ds.spans.prefix(1)))
            }
            row += n
        }
        try writer.append(logs: Array(ds.logs.dropFirst()))
        try writer.append(spans: Array(ds.spans.dropFirst()))
        try writer.append(events: ds.events)
        try writer.finish(groundTruth: ds.groundTruth)
    }

    /// Staging of 48 bytes holds 1 row of the 3 series per half, so every chunk is transposed and
    /// written row by row; 64 MiB takes each chunk whole.
    @Test(arguments: [1, 2, 3, 7], [48, 64 << 20])
    func chunkedWritesGiveTheSameBytesAsOneChunk(chunkRows: Int, stagingBytes: Int) throws {
        let whole = try StoreFixtures.written("tiny")
        let chunked = try SharedData.temporaryDirectory("store").appendingPathComponent("tiny")
        try writeChunked(to: chunked, chunkRows: chunkRows, stagingBytes: stagingBytes)
        #expect(try StoreFixtures.files(chunked) == StoreFixtures.files(whole))
    }

    /// Time-major chunks from two alternating buffers, each scribbled over as soon as the writer
    /// may no longer read it (after the next call returned), give the same files as one whole frame.
    @Test(arguments: [1, 2, 3, 7])
    func timeMajorChunksFromAlternatingBuffersGiveTheSameBytes(chunkRows: Int) throws {
        let whole = try StoreFixtures.written("tiny")
        let url = try SharedData.temporaryDirectory("store").appendingPathComponent("tiny")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        var buffers = [[Double]](repeating: [Double](repeating: 0, count: chunkRows * 3), count: 2)
        var row = 0, k = 0
        while row < 7 {
            let n = min(chunkRows, 7 - row)
            for r in 0..<n { for c in 0..<3 { buffers[k & 1][r * 3 + c] = StoreFixtures.value(row: row + r, column: c) } }
            try buffers[k & 1].withUnsafeBufferPointer {
                try writer.writeMetrics(rowOffset: row, rows: n, timeMajor: UnsafeBufferPointer(rebasing: $0[0..<(n * 3)]))
            }
            // The previous buffer is free again: scribble over it.
            for i in buffers[(k + 1) & 1].indices { buffers[(k + 1) & 1][i] = -42 }
            row += n
            k += 1
        }
        try writer.append(logs: ds.logs)
        try writer.append(spans: ds.spans)
        try writer.append(events: ds.events)
        try writer.finish(groundTruth: ds.groundTruth)
        #expect(try StoreFixtures.files(url) == StoreFixtures.files(whole))
    }

    @Test func timeMajorChunkOfTheWrongSizeIsRejected() throws {
        let url = try SharedData.temporaryDirectory("store").appendingPathComponent("odd")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        let values = [Double](repeating: 1, count: 5)
        let e = StoreFixtures.error { try values.withUnsafeBufferPointer { try writer.writeMetrics(rowOffset: 0, rows: 2, timeMajor: $0) } }
        guard case let .shapeMismatch(what, _, found) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(what == "metric chunk" && found == "5 values")
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    /// 1,024 rows × 3 series: whole in one piece the data is 6 pages at a page-aligned offset (the
    /// direct-I/O path where the file system allows it); in 97-row chunks nothing is page-aligned
    /// after the first (the page-cache path). Same bytes either way, and they read back.
    @Test func largeChunksAndOddChunksGiveTheSameFile() throws {
        let rows = 1024
        let axis = TimeAxis(startMs: 0, stepMs: 1_000, count: rows)
        let frame = try MetricFrame(columns: (0..<3).map { c in (0..<rows).map { Double(c * 100_000 + $0) + 0.25 } })
        let ds = try Dataset(
            info: DatasetInfo(name: "big", generator: "test"), axis: axis,
            series: (0..<3).map {
                SeriesDescriptor(entity: "e", metric: "m\($0)", unit: "1", kind: .gauge)
            }, frame: frame)
        let dir = try SharedData.temporaryDirectory("store")
        let whole = dir.appendingPathComponent("whole"), odd = dir.appendingPathComponent("odd")
        try DatasetStore.write(ds, to: whole, durable: false)
        let writer = DatasetWriter(destination: odd, durable: false)
        try writer.begin(ds.header)
        var row = 0
        while row < rows {
            let n = min(97, rows - row)
            try writer.writeMetrics(rowOffset: row, chunk: frame.rows(row..<(row + n)))
            row += n
        }
        try writer.finish(groundTruth: GroundTruth())
        #expect(try StoreFixtures.files(whole) == StoreFixtures.files(odd))
        let back = try DatasetStore.read(from: whole)
        #expect(StoreFixtures.bits(back.frame) == StoreFixtures.bits(frame))
        let (_, offset) = try NPYFile.readHeader(at: whole.appendingPathComponent("metrics.npy"))
        #expect(offset == 4096)
    }

    /// The same dataset on tmpfs (`/dev/shm`) and on the disk-backed temporary directory: the same bytes.
    /// (Kernels before 6.6 refuse `O_DIRECT` on tmpfs at open, so there this runs the page-cache
    /// fallback; newer ones accept it. The odd-chunk test above covers the fallback for unaligned data.)
    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/shm"), "needs a writable tmpfs at /dev/shm"))
    func aFileSystemWithoutDirectIOGetsTheSameBytes() throws {
        let shm = URL(fileURLWithPath: "/dev/shm")
        let rows = 1024
        let axis = TimeAxis(startMs: 0, stepMs: 1_000, count: rows)
        let frame = try MetricFrame(columns: (0..<3).map { c in (0..<rows).map { Double(c * 7 + $0) * 0.5 } })
        let ds = try Dataset(
            info: DatasetInfo(name: "shm", generator: "test"), axis: axis,
            series: (0..<3).map {
                SeriesDescriptor(entity: "e", metric: "m\($0)", unit: "1", kind: .gauge)
            }, frame: frame)
        let disk = try SharedData.temporaryDirectory("store").appendingPathComponent("disk")
        let memory = shm.appendingPathComponent("faultline-test-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: memory) }
        try DatasetStore.write(ds, to: disk, durable: false)
        try DatasetStore.write(ds, to: memory, durable: false)
        #expect(try StoreFixtures.files(disk) == StoreFixtures.files(memory))
        #expect(StoreFixtures.bits(try DatasetStore.read(from: memory).frame) == StoreFixtures.bits(frame))
    }

    @Test func abandonedWriterLeavesNothingAtTheDestination() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("abandoned")
        do {
            let ds = try StoreFixtures.dataset()
            let writer = DatasetWriter(destination: url, durable: false)
            try writer.begin(ds.header)
            try writer.writeMetrics(rowOffset: 0, chunk: ds.frame.rows(0..<3))
            try writer.append(logs: ds.logs)
            // While writing, only a hidden temporary sibling exists.
            let during = try siblings(of: url)
            #expect(during.count == 1)
            #expect(during.first?.hasPrefix(".abandoned.tmp-") == true)
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        #expect(try siblings(of: url).isEmpty)
    }

    /// A process that dies mid-write runs no cleanup; model that by leaking the writer.
    @Test func writerThatNeverCleansUpLeavesOnlyAHiddenTemporaryFolder() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("killed")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        try writer.writeMetrics(rowOffset: 0, chunk: ds.frame)
        try writer.append(logs: ds.logs)
        let leaked = Unmanaged.passRetained(writer)
        let left = try siblings(of: url)
        #expect(left.count == 1)
        #expect(left.first?.hasPrefix(".killed.tmp-") == true)
        #expect(!FileManager.default.fileExists(atPath: url.path))
        // No manifest yet, so nothing can mistake the leftover for a dataset.
        let leftover = dir.appendingPathComponent(left.first ?? "")
        #expect(!FileManager.default.fileExists(atPath: leftover.appendingPathComponent("manifest.json").path))
        #expect(throws: TelemetryError.self) { try DatasetStore.readManifest(from: leftover) }
        leaked.release()
    }

    @Test func writerThatThrowsBeforeFinishLeavesNothingAndStaysUnusable() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("failed")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        try writer.writeMetrics(rowOffset: 0, chunk: ds.frame.rows(0..<2))
        // A chunk that skips rows 2..<4.
        #expect(throws: TelemetryError.self) { try writer.writeMetrics(rowOffset: 4, chunk: ds.frame.rows(4..<7)) }
        #expect(try siblings(of: url).isEmpty)
        #expect(throws: TelemetryError.self) { try writer.finish(groundTruth: ds.groundTruth) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func finishWithMissingRowsThrowsAndLeavesNothing() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("short")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        try writer.writeMetrics(rowOffset: 0, chunk: ds.frame.rows(0..<6))
        let e = StoreFixtures.error { try writer.finish(groundTruth: ds.groundTruth) }
        #expect(e == .invalidValue(field: "rows", reason: "only 6 of 7 rows were written"))
        #expect(try siblings(of: url).isEmpty)
    }

    @Test func chunkRunningPastTheLastRowIsRejected() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("long")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        try writer.writeMetrics(rowOffset: 0, chunk: ds.frame.rows(0..<4))
        let e = StoreFixtures.error { try writer.writeMetrics(rowOffset: 4, chunk: ds.frame.rows(0..<4)) }
        #expect(e == .invalidValue(field: "rowOffset", reason: "chunk of 4 rows at row 4 runs past the last row (7 rows)"))
        #expect(try siblings(of: url).isEmpty)
    }

    @Test func chunkWithTheWrongSeriesCountIsRejected() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("wide")
        let ds = try StoreFixtures.dataset()
        let writer = DatasetWriter(destination: url, durable: false)
        try writer.begin(ds.header)
        let e = StoreFixtures.error { try writer.writeMetrics(rowOffset: 0, chunk: MetricFrame(rows: 7, columns: 2)) }
        #expect(e == .shapeMismatch(what: "metric chunk", expected: "3 series", found: "2"))
        #expect(try siblings(of: url).isEmpty)
    }

    @Test func existingDatasetIsReplacedOnlyWhenTheNewOneIsComplete() throws {
        let url = try StoreFixtures.written("replace")
        var second = try StoreFixtures.dataset()
        second.info.seed = 7
        second.logs = []
        // An abandoned rewrite leaves the old dataset intact.
        do {
            let writer = DatasetWriter(destination: url, durable: false)
            try writer.begin(second.header)
            try writer.writeMetrics(rowOffset: 0, chunk: second.frame)
        }
        #expect(try DatasetStore.read(from: url).info.seed == 42)
        // A finished rewrite replaces it, and no temporary folder remains.
        try DatasetStore.write(second, to: url, durable: true)
        let back = try DatasetStore.read(from: url)
        #expect(back.info.seed == 7)
        #expect(back.logs.isEmpty)
        #expect(try siblings(of: url) == ["replace"])
    }

    @Test func folderThatIsNotADatasetIsNeverReplaced() throws {
        let dir = try SharedData.temporaryDirectory("store")
        let url = dir.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        try Data("keep me".utf8).write(to: url.appendingPathComponent("notes.txt"))
        let e = StoreFixtures.error { try DatasetStore.write(StoreFixtures.dataset(), to: url, durable: false) }
        guard case .io = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(try String(contentsOf: url.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
        #expect(try siblings(of: url) == ["precious"])
    }
}
