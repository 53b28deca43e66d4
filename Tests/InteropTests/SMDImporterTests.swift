import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

@Suite struct SMDImporterTests {

    @Test(.enabled(if: SharedData.available("smd-subset"), "needs ../shared/datasets/smd-subset")) func machineOneSixMatchesTheDatasetReadme() throws
    {
        let ds = try SMDImporter.load(root: try SharedData.require("smd-subset"), machine: "machine-1-6")
        // README: 23,688 train rows, 23,689 test rows, 38 metrics, 3,708 anomalous test points.
        #expect(ds.info.trainRows == 23_688)
        #expect(ds.frame.rows == 23_688 + 23_689)
        #expect(ds.frame.columns == 38)
        let labelled = ds.groundTruth.faults.reduce(0) { $0 + Int(($1.injectionEndMs - $1.injectionStartMs) / SMDImporter.stepMs) + 1 }
        #expect(labelled == 3_708)
        #expect(ds.groundTruth.faults.allSatisfy { $0.injectionStartMs >= ds.timestamps[23_688] })
        // The first interpretation line, 246-252:1,2,3,4,6,…, names dimensions of the first segment.
        let first = try #require(ds.groundTruth.faults.first)
        #expect(first.injectionStartMs == ds.timestamps[23_688 + 246])
        #expect(first.affectedSeries.map(\.seriesId).prefix(3) == ["machine-1-6/dim1", "machine-1-6/dim2", "machine-1-6/dim3"])
        // Column-major: the first value of the first row of train/machine-1-6.txt.
        #expect(ds.frame[0, 0] == 0.061728)
    }

    @Test(.enabled(if: SharedData.available("smd-subset"), "needs ../shared/datasets/smd-subset"))
    func overlappingInterpretationEntriesOfMachineThreeThreeAreUnitedPerSegment() throws {
        let ds = try SMDImporter.load(root: try SharedData.require("smd-subset"), machine: "machine-3-3")
        // README: 26 labelled segments, 28 interpretation entries (two segments split into overlapping entries).
        let faults = ds.groundTruth.faults
        #expect(faults.count == 26)
        #expect(faults.allSatisfy { !$0.affectedSeries.isEmpty })
        let train = try #require(ds.info.trainRows)
        func dims(_ f: FaultRecord) -> [Int] { f.affectedSeries.compactMap { Int($0.seriesId.split(separator: "m").last ?? "") } }
        // 19349-19830:1,2,3 and 19459-19462:1,2,3,4,10,… cover one segment: its dimensions are the union, each once.
        let long = try #require(faults.first { $0.injectionStartMs == ds.timestamps[train + 19_349] })
        #expect(long.injectionEndMs == ds.timestamps[train + 19_829])
        #expect(dims(long) == [1, 2, 3, 4, 10, 11, 12, 19, 20, 21, 22, 23, 25, 28, 31, 35, 36, 37, 38])
        // 4561-4578 and 4564-4567 name the same 24 dimensions: listed once.
        let nested = try #require(faults.first { $0.injectionStartMs == ds.timestamps[train + 4_561] })
        #expect(dims(nested).count == 24)
        #expect(Set(dims(nested)).count == 24)
    }

    @Test func malformedRowsAreErrorsNamingTheFileAndLine() throws {
        let dir = try SharedData.temporaryDirectory("smd")
        for sub in ["train", "test", "test_label"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try "0.1,0.2\n0.3,0.4\n".write(to: dir.appendingPathComponent("train/m.txt"), atomically: true, encoding: .utf8)
        try "0.1,0.2\n0.3,x\n".write(to: dir.appendingPathComponent("test/m.txt"), atomically: true, encoding: .utf8)
        try "0\n1\n".write(to: dir.appendingPathComponent("test_label/m.txt"), atomically: true, encoding: .utf8)
        #expect(throws: InteropError(path: dir.appendingPathComponent("test/m.txt").path, line: 2, message: "'x' is not a number")) {
            try SMDImporter.load(root: dir, machine: "m")
        }
        try "0.1,0.2\n0.3\n".write(to: dir.appendingPathComponent("test/m.txt"), atomically: true, encoding: .utf8)
        #expect(throws: InteropError(path: dir.appendingPathComponent("test/m.txt").path, line: 2, message: "1 values, expected 2")) {
            try SMDImporter.load(root: dir, machine: "m")
        }
        try "0.1,0.2\n0.3,0.4\n".write(to: dir.appendingPathComponent("test/m.txt"), atomically: true, encoding: .utf8)
        try "0\n".write(to: dir.appendingPathComponent("test_label/m.txt"), atomically: true, encoding: .utf8)
        #expect(throws: InteropError.self) { try SMDImporter.load(root: dir, machine: "m") }
        try "0\n1\n".write(to: dir.appendingPathComponent("test_label/m.txt"), atomically: true, encoding: .utf8)
        let ds = try SMDImporter.load(root: dir, machine: "m")
        #expect(ds.frame.values == [0.1, 0.3, 0.1, 0.3, 0.2, 0.4, 0.2, 0.4])
        #expect(ds.groundTruth.faults.count == 1)
        #expect(ds.groundTruth.faults[0].injectionStartMs == ds.timestamps[3])
    }

    @Test func anUnknownMachineSuggestsTheNearestOne() throws {
        let dir = try SharedData.temporaryDirectory("smd2")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("train"), withIntermediateDirectories: true)
        try "1\n".write(to: dir.appendingPathComponent("train/machine-1-6.txt"), atomically: true, encoding: .utf8)
        #expect {
            try SMDImporter.load(root: dir, machine: "machine-1-7")
        } throws: { e in
            (e as? InteropError)?.isUsageError == true && "\(e)".contains("did you mean 'machine-1-6'")
        }
    }
}
