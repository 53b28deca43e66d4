import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

/// Issue 17 (hostile input), the store's side: damaged or odd dataset folders are refused with the file and
/// key named, never accepted in silence, never read forever.
@Suite struct HostileDatasetTests {
    /// Rewrites the manifest's ground truth with `edit` (the manifest is not hashed, so anyone can).
    private func editedTruth(_ edit: (inout GroundTruth) -> Void) throws -> URL {
        let url = try StoreFixtures.written()
        var manifest = try DatasetStore.readManifest(from: url)
        edit(&manifest.groundTruth)
        try manifest.encoded().write(to: url.appendingPathComponent(DatasetStore.manifestFile))
        return url
    }

    private func expectGroundTruthError(_ url: URL, mentioning key: String) {
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        #expect(e?.description.contains(key) == true, "\(String(describing: e))")
        #expect(e?.description.contains("manifest.json") == true)
        // `inspect` checks the same.
        let i = StoreFixtures.error { _ = try DatasetInspection.load(from: url) }
        #expect(i?.description.contains(key) == true)
    }

    // Regression (issue 17): a fault ending before it starts crashed `score` (ClosedRange trap, exit 132).
    @Test func aFaultThatEndsBeforeItStartsIsRefusedNamingTheKey() throws {
        let url = try editedTruth { $0.faults[0].injectionEndMs = $0.faults[0].injectionStartMs - 60_000 }
        expectGroundTruthError(url, mentioning: "groundTruth.faults[0].injectionEndMs")
    }

    @Test func anAffectedSeriesWindowThatEndsBeforeItStartsIsRefused() throws {
        let url = try editedTruth { $0.faults[0].affectedSeries[0].endMs = $0.faults[0].affectedSeries[0].startMs - 1 }
        expectGroundTruthError(url, mentioning: "groundTruth.faults[0].affectedSeries[0].endMs")
    }

    // Regression (issue 17): a fault in year 33658 was scored as if it were a label.
    @Test func aFaultInYear33658IsRefused() throws {
        let url = try editedTruth {
            $0.faults[0].injectionStartMs = 1_000_000_000_000_000
            $0.faults[0].injectionEndMs = 1_000_000_003_600_000
        }
        expectGroundTruthError(url, mentioning: "years 1–9999")
    }

    @Test func aFaultOutsideTheRowsIsRefused() throws {
        let url = try editedTruth {
            $0.faults[1].injectionStartMs = StoreFixtures.axis.time(at: 7) + 86_400_000
            $0.faults[1].injectionEndMs = StoreFixtures.axis.time(at: 7) + 90_000_000
        }
        expectGroundTruthError(url, mentioning: "lies outside the data's rows")
    }

    // Regression (issue 17): an affected series the dataset does not have was accepted.
    @Test func anAffectedSeriesThatDoesNotExistIsRefused() throws {
        let url = try editedTruth { $0.faults[0].affectedSeries[0].seriesId = "nowhere/cpu_util" }
        expectGroundTruthError(url, mentioning: "'nowhere/cpu_util', which the dataset does not have")
    }

    // Regression (issue 17): duplicate ids were accepted.
    @Test func duplicateIdsAreRefused() throws {
        let url = try editedTruth { $0.benignChanges[0].id = "f1" }
        expectGroundTruthError(url, mentioning: "groundTruth.benignChanges[0].id")
    }

    // Regression (issue 17): inspect said "verified" on metrics.npy of 0 bytes, a bad magic, dtype or shape.
    @Test(arguments: ["empty", "magic", "dtype", "shape"])
    func inspectChecksTheMetricsHeaderAsReadDoes(_ damage: String) throws {
        let url = try StoreFixtures.written()
        let metrics = url.appendingPathComponent(DatasetStore.metricsFile)
        var bytes = try Data(contentsOf: metrics)
        switch damage {
        case "empty": bytes = Data()
        case "magic": bytes[1] = UInt8(ascii: "X")
        case "dtype":
            bytes = Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "'<f8'", with: "'<i8'").utf8)
        default:
            bytes = Data(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "(7, 3)", with: "(3, 7)").utf8)
        }
        try bytes.write(to: metrics)
        try StoreFixtures.reseal(url)
        let read = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        let inspected = StoreFixtures.error { _ = try DatasetInspection.load(from: url) }
        #expect(inspected != nil)
        #expect(inspected == read)
        #expect(inspected?.description.contains("metrics.npy") == true)
    }

    // Regression (issue 17): inspect printed record counts it never checked, and a malformed log line passed.
    @Test func inspectParsesEveryLogLine() throws {
        let url = try StoreFixtures.written()
        let logs = url.appendingPathComponent(DatasetStore.logsFile)
        var lines = try String(contentsOf: logs, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        lines[1] = "{\"timeMs\": oops"
        try lines.joined(separator: "\n").write(to: logs, atomically: true, encoding: .utf8)
        try StoreFixtures.reseal(url)
        let e = StoreFixtures.error { _ = try DatasetInspection.load(from: url) }
        #expect(e == .malformedJSON(path: logs.path, line: 2, reason: "not valid JSON") || e?.description.contains("logs.jsonl:2") == true)
    }

    @Test func inspectChecksRecordCountsAgainstTheManifest() throws {
        let url = try StoreFixtures.written()
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.records.logs += 5
        try manifest.encoded().write(to: url.appendingPathComponent(DatasetStore.manifestFile))
        let e = StoreFixtures.error { _ = try DatasetInspection.load(from: url) }
        #expect(e?.description.contains("manifest says 8") == true, "\(String(describing: e))")
    }

    @Test func timestampsThatStepBackAreRefused() throws {
        let url = try StoreFixtures.written()
        var ts = StoreFixtures.axis.timestamps
        ts.swapAt(3, 4)
        try FileManager.default.removeItem(at: url.appendingPathComponent(DatasetStore.timestampsFile))
        try NPYFile.write(ts, to: url.appendingPathComponent(DatasetStore.timestampsFile))
        try StoreFixtures.reseal(url)
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        #expect(e?.description.contains("row 4") == true && e?.description.contains("steps back") == true, "\(String(describing: e))")
    }

    // Regression (issue 17): a FIFO named manifest.json blocked `inspect` and `score` forever.
    @Test(.timeLimit(.minutes(1))) func aFIFOInPlaceOfAFileIsRefusedAtOnce() throws {
        let url = try StoreFixtures.written()
        for name in [DatasetStore.manifestFile, DatasetStore.logsFile] {
            let copy = try SharedData.temporaryDirectory("fifo").appendingPathComponent("tiny")
            try FileManager.default.copyItem(at: url, to: copy)
            let path = copy.appendingPathComponent(name).path
            try FileManager.default.removeItem(atPath: path)
            #expect(mkfifo(path, 0o644) == 0)
            let e = StoreFixtures.error { _ = try DatasetStore.read(from: copy) }
            #expect(e?.description.contains("FIFO") == true, "\(String(describing: e))")
            #expect(e?.description.contains(name) == true)
        }
    }

    @Test func aDirectoryInPlaceOfAFileIsRefused() throws {
        let url = try StoreFixtures.written()
        let path = url.appendingPathComponent(DatasetStore.tracesFile)
        try FileManager.default.removeItem(at: path)
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
        let e = StoreFixtures.error { _ = try DatasetStore.read(from: url) }
        #expect(e?.description.contains("a directory") == true, "\(String(describing: e))")
    }

    // Regression (issue 17): a symlinked metrics.npy was "truncated or modified" (the link's own length was checked).
    @Test func aSymlinkedDataFileIsFollowed() throws {
        let url = try StoreFixtures.written()
        let elsewhere = try SharedData.temporaryDirectory("symlink").appendingPathComponent("metrics.npy")
        let metrics = url.appendingPathComponent(DatasetStore.metricsFile)
        try FileManager.default.moveItem(at: metrics, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: metrics, withDestinationURL: elsewhere)
        let ds = try DatasetStore.read(from: url)
        #expect(StoreFixtures.bits(ds.frame) == StoreFixtures.bits(StoreFixtures.frame))
        #expect(try DatasetInspection.load(from: url).verified)
    }

    @Test func regularFileReadRefusesFilesOverItsLimit() throws {
        let url = try SharedData.temporaryDirectory("limit").appendingPathComponent("big.txt")
        try Data(repeating: 0x41, count: 100).write(to: url)
        #expect(throws: TelemetryError.self) { try RegularFile.read(url.path, maxBytes: 99) }
        #expect(try RegularFile.read(url.path, maxBytes: 100).count == 100)
    }

    // Regression (issue 17): `for: 9223372036854775807ms` trapped in the rendering of the hold.
    @Test func renderingAHugeDurationDoesNotTrap() {
        #expect(DurationText.render(Double(Int64.max)) == "9.223372036854776e+18ms")
        #expect(DurationText.render(.infinity) == "infms")
        #expect(DurationText.render(90_000) == "1m30s")
    }

    @Test func aManifestWhoseAxisLeavesYear9999IsRefused() throws {
        let url = try StoreFixtures.written()
        var manifest = try DatasetStore.readManifest(from: url)
        manifest.axis.stepMs = Int64.max / 2
        try manifest.encoded().write(to: url.appendingPathComponent(DatasetStore.manifestFile))
        let e = StoreFixtures.error { _ = try DatasetStore.readManifest(from: url) }
        #expect(e?.description.contains("time axis") == true, "\(String(describing: e))")
    }
}
