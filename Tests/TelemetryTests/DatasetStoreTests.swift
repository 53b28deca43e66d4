import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@Suite struct DatasetStoreTests {
    @Test func roundTripKeepsValuesNaNPositionsRecordsAndGroundTruth() throws {
        let original = try StoreFixtures.dataset()
        let url = try StoreFixtures.written()
        let back = try DatasetStore.read(from: url)
        #expect(back.info == original.info)
        #expect(back.axis == original.axis)
        #expect(back.timestamps == original.timestamps)
        #expect(back.series == original.series)
        #expect(back.frame.rows == 7 && back.frame.columns == 3)
        #expect(StoreFixtures.bits(back.frame) == StoreFixtures.bits(original.frame))
        #expect(back.frame[2, 0].isNaN && back.frame[5, 2].isNaN && back.frame[0, 1].isNaN)
        #expect(back.frame[4, 1] == StoreFixtures.value(row: 4, column: 1))
        #expect(back.logs == original.logs)
        #expect(back.spans == original.spans)
        #expect(back.events == original.events)
        #expect(back.topology == original.topology)
        #expect(back.groundTruth == original.groundTruth)
    }

    @Test func irregularTimestampsAreStoredAsGiven() throws {
        let axis = TimeAxis(startMs: 0, stepMs: 1_000, count: 4)
        let ts: [Int64] = [0, 1_000, 1_000, 5_500]
        let ds = try Dataset(
            info: DatasetInfo(name: "irregular", generator: "faultline-interop test"), axis: axis, timestamps: ts,
            series: [SeriesDescriptor(entity: "a", metric: "x", unit: "1", kind: .gauge)],
            frame: MetricFrame(columns: [[1, 2, 3, 4]]))
        let url = try SharedData.temporaryDirectory("store").appendingPathComponent("irregular")
        try DatasetStore.write(ds, to: url, durable: false)
        let back = try DatasetStore.read(from: url)
        #expect(back.timestamps == ts)
        #expect(back.frame.column(0) == [1, 2, 3, 4])
    }

    @Test func emptyDatasetRoundTrips() throws {
        let ds = try Dataset(
            info: DatasetInfo(name: "empty", generator: "test"), axis: TimeAxis(startMs: 0, stepMs: 1, count: 0),
            series: [], frame: MetricFrame(rows: 0, columns: 0))
        let url = try SharedData.temporaryDirectory("store").appendingPathComponent("empty")
        try DatasetStore.write(ds, to: url, durable: false)
        let back = try DatasetStore.read(from: url)
        #expect(back.frame.rows == 0 && back.series.isEmpty && back.logs.isEmpty)
    }

    @Test func writingTheSameDatasetTwiceGivesIdenticalBytes() throws {
        let a = try StoreFixtures.written("a")
        let b = try SharedData.temporaryDirectory("store").appendingPathComponent("a")
        try DatasetStore.write(StoreFixtures.dataset(), to: b, durable: true)
        let fa = try StoreFixtures.files(a), fb = try StoreFixtures.files(b)
        #expect(Set(fa.keys) == Set(DatasetStore.dataFiles + [DatasetStore.manifestFile]))
        #expect(fa == fb)
        #expect(try DatasetStore.readManifest(from: a).files == DatasetStore.readManifest(from: b).files)
    }

    @Test func manifestListsEveryFileWithLengthAndHash() throws {
        let url = try StoreFixtures.written()
        let manifest = try DatasetStore.verify(at: url)
        #expect(manifest.files.map(\.name) == DatasetStore.dataFiles)
        for entry in manifest.files {
            let d = try FileDigest.sha256(path: url.appendingPathComponent(entry.name).path)
            #expect(entry.bytes == d.bytes)
            #expect(entry.sha256 == d.hex)
        }
        #expect(manifest.formatVersion == 2)
        #expect(manifest.rows == 7)
        #expect(manifest.records == DatasetManifest.RecordCounts(logs: 3, spans: 2, events: 2))
        #expect(manifest.info.seed == 42)
        // Canonical JSON: sorted keys, slashes not escaped.
        let text = try String(contentsOf: url.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(text.contains("\"cart/latency_p99\""))
        let axisKey = try #require(text.range(of: "\"axis\""))
        let filesKey = try #require(text.range(of: "\"files\""))
        #expect(axisKey.lowerBound < filesKey.lowerBound)
        let logs = try String(contentsOf: url.appendingPathComponent("logs.jsonl"), encoding: .utf8)
        #expect(logs.split(separator: "\n", omittingEmptySubsequences: false).count == 4)
        #expect(logs.hasPrefix("{\"attributes\":{\"pod\":\"cart-1\",\"trace_id\""))
    }

    @Test func jsonLinesSplitterMatchesOneEncoderCallPerRecord() throws {
        let encoder = JSONLines.lineEncoder()
        let batch = try JSONLines.encode(StoreFixtures.logs, with: encoder)
        var single: [UInt8] = []
        for r in StoreFixtures.logs {
            single.append(contentsOf: try encoder.encode(r))
            single.append(0x0A)
        }
        #expect(batch == single)
    }
}

/// Each way a stored dataset can be damaged gives its own error, naming the file.
@Suite struct DatasetStoreValidationTests {
    private func corrupt(_ name: String, _ edit: (inout Data) -> Void) throws -> URL {
        let url = try StoreFixtures.written()
        let file = url.appendingPathComponent(name)
        var data = try Data(contentsOf: file)
        edit(&data)
        try data.write(to: file)
        return url
    }

    @Test func missingFileIsNamed() throws {
        let url = try StoreFixtures.written()
        try FileManager.default.removeItem(at: url.appendingPathComponent("logs.jsonl"))
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        #expect(e == .missingFile(path: url.appendingPathComponent("logs.jsonl").path))
    }

    @Test func missingManifestIsNamed() throws {
        let url = try StoreFixtures.written()
        try FileManager.default.removeItem(at: url.appendingPathComponent("manifest.json"))
        let e = StoreFixtures.error { _ = try DatasetStore.readManifest(from: url) }
        #expect(e == .missingFile(path: url.appendingPathComponent("manifest.json").path))
    }

    @Test func wrongByteLengthIsReportedBeforeHashing() throws {
        let url = try corrupt("traces.jsonl") { $0.append(0x0A) }
        let e = StoreFixtures.error { try DatasetStore.verify(at: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/traces.jsonl"))
        #expect(reason.contains("length"))
    }

    @Test func changedByteGivesAHashMismatch() throws {
        let url = try corrupt("metrics.npy") { $0[$0.count - 3] ^= 0x40 }
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("SHA-256"))
    }

    @Test func truncatedMetricsFailsTheLengthCheck() throws {
        let url = try corrupt("metrics.npy") { $0.removeLast(20) }
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("length is"))
    }

    @Test func truncatedMetricsWithAMatchingManifestIsReportedAsTruncatedNpy() throws {
        let url = try corrupt("metrics.npy") { $0.removeLast(20) }
        try StoreFixtures.reseal(url)
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("truncated npy"))
    }

    /// Replaces text inside the npy header of `metrics.npy` (same length) and reseals the manifest.
    private func patchHeader(_ from: String, _ to: String) throws -> URL {
        let url = try corrupt("metrics.npy") { data in
            let end = 10 + (Int(data[8]) | Int(data[9]) << 8)
            let dict = String(decoding: data[10..<end], as: UTF8.self)
            #expect(dict.contains(from))
            data.replaceSubrange(10..<end, with: Data(dict.replacingOccurrences(of: from, with: to).utf8))
        }
        try StoreFixtures.reseal(url)
        return url
    }

    @Test func wrongDtypeInTheNpyHeaderIsRejected() throws {
        let url = try patchHeader("'<f8'", "'<i8'")
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("dtype"))
    }

    @Test func wrongShapeInTheNpyHeaderIsRejected() throws {
        let url = try patchHeader("(7, 3)", "(3, 7)")
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("shape is (3, 7), expected (7, 3)"))
    }

    @Test func fortranOrderInAVersion2NpyHeaderIsRejected() throws {
        let url = try patchHeader("False,", "True, ")
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("fortran_order"))
    }

    @Test func unknownFormatVersionIsRejected() throws {
        let url = try StoreFixtures.written()
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.formatVersion = 3
        try manifest.encoded().write(to: url.appendingPathComponent("manifest.json"))
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        #expect(e == .unsupportedFormat(path: url.appendingPathComponent("manifest.json").path, found: 3, supported: 2))
        #expect(e?.description.contains("reads versions 1 to 2") == true)
    }

    @Test func metricsFileIsTimeMajorSoEachRowIsContiguous() throws {
        let url = try StoreFixtures.written()
        let data = try Data(contentsOf: url.appendingPathComponent("metrics.npy"))
        let (header, offset) = try NPYFile.readHeader(at: url.appendingPathComponent("metrics.npy"))
        #expect(!header.fortranOrder && header.shape == [7, 3])
        for r in 0..<7 {
            for c in 0..<3 {
                let at = offset + 8 * (r * 3 + c)
                let bits = data[at..<(at + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                #expect(bits == StoreFixtures.value(row: r, column: c).bitPattern, "row \(r), column \(c)")
            }
        }
    }

    /// A version-1 folder (column-major `metrics.npy`) written by an earlier build still reads.
    @Test func version1DatasetWithFortranOrderMetricsStillReads() throws {
        let url = try StoreFixtures.written("v1")
        try FileManager.default.removeItem(at: url.appendingPathComponent("metrics.npy"))
        try NPYFile.write(StoreFixtures.frame.values, shape: [7, 3], fortranOrder: true, to: url.appendingPathComponent("metrics.npy"))
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.formatVersion = 1
        try manifest.encoded().write(to: url.appendingPathComponent("manifest.json"))
        try StoreFixtures.reseal(url)
        let back = try DatasetStore.read(from: url)
        #expect(StoreFixtures.bits(back.frame) == StoreFixtures.bits(StoreFixtures.frame))
        // …and a version-1 manifest over a C-order file is caught by the order check.
        try FileManager.default.removeItem(at: url.appendingPathComponent("metrics.npy"))
        try NPYFile.write(StoreFixtures.frame.values, shape: [7, 3], fortranOrder: false, to: url.appendingPathComponent("metrics.npy"))
        try StoreFixtures.reseal(url)
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/metrics.npy"))
        #expect(reason.contains("fortran_order is False, expected True"))
    }

    @Test func malformedManifestIsRejected() throws {
        let url = try corrupt("manifest.json") { $0 = $0.prefix($0.count / 2) }
        let e = StoreFixtures.error { _ = try DatasetStore.readManifest(from: url) }
        guard case let .malformedJSON(path, line, _) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/manifest.json"))
        #expect(line == nil)
    }

    @Test func manifestWithoutARequiredFileIsRejected() throws {
        let url = try StoreFixtures.written()
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.files.removeAll { $0.name == "traces.jsonl" }
        try manifest.encoded().write(to: url.appendingPathComponent("manifest.json"))
        let e = StoreFixtures.error { _ = try DatasetStore.verify(at: url) }
        guard case let .corruptFile(path, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/manifest.json"))
        #expect(reason.contains("traces.jsonl"))
    }

    @Test func malformedJSONLineIsReportedWithFileAndLine() throws {
        let url = try corrupt("logs.jsonl") { data in
            var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
            lines[1] = "{\"timeMs\": oops"
            data = Data(lines.joined(separator: "\n").utf8)
        }
        try StoreFixtures.reseal(url)
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .malformedJSON(path, line, _) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/logs.jsonl"))
        #expect(line == 2)
        #expect(e?.description.contains("logs.jsonl:2") == true)
    }

    @Test func recordMissingAFieldIsReportedWithItsLine() throws {
        let url = try corrupt("events.jsonl") { data in
            data.append(Data("{\"timeMs\":5}\n".utf8))
        }
        try StoreFixtures.reseal(url)
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        guard case let .malformedJSON(path, line, reason) = e else { Issue.record("wrong error \(String(describing: e))"); return }
        #expect(path.hasSuffix("/events.jsonl"))
        #expect(line == 3)
        #expect(reason.contains("missing key"))
    }
}
