import Foundation
import Telemetry
import Testing

@testable import Workbench

/// Faults written into a recording: only the target's series of the kind's families move, inside the
/// fault's rows, by `z` noise units at their peak, and the ground truth says so.
@Suite struct RecordingInjectionTests {
    /// Two entities, four series each (cpu, memory, latency, success rate), 600 rows at 60 s of a level
    /// plus a deterministic wiggle (noise scale known up to the MAD's estimate).
    static func recording() throws -> Dataset {
        let rows = 600
        let series = ["api", "db"].flatMap { e in
            [
                SeriesDescriptor(entity: e, metric: "cpu_util", unit: "ratio", kind: .gauge),
                SeriesDescriptor(entity: e, metric: "memory_bytes", unit: "bytes", kind: .gauge),
                SeriesDescriptor(entity: e, metric: "latency_p99", unit: "ms", kind: .gauge),
                SeriesDescriptor(entity: e, metric: "SuccessRate(%)", unit: "%", kind: .gauge),
            ]
        }
        let levels = [0.3, 5e8, 120, 99.5, 0.2, 2e9, 8, 99.9]
        var cols: [[Double]] = []
        for (c, level) in levels.enumerated() {
            cols.append((0..<rows).map { r in level * (1 + 0.002 * sin(Double(r * (c + 3)) * 1.7)) })
        }
        return try Dataset(
            info: DatasetInfo(name: "rec", generator: "test"), axis: TimeAxis(startMs: 1_700_000_000_000, stepMs: 60_000, count: rows),
            series: series, frame: try MetricFrame(columns: cols))
    }

    @Test func onlyTheTargetsSeriesOfTheKindsFamiliesMoveInsideTheFault() throws {
        let original = try Self.recording()
        var ds = original
        let req = try RecordingInjection.Request(parsing: "kind=cpu-hog,target=api,at=2h,for=30m,z=8")
        let notes = try RecordingInjection.apply([req], to: &ds, trainRows: 300)
        #expect(notes.count == 1 && notes[0].contains("cpu-hog on api"))
        let start = 300 + 120, stop = start + 30
        for c in 0..<8 {
            let moved = (0..<600).filter { ds.frame[$0, c] != original.frame[$0, c] }
            // cpu-hog moves cpu (weight 1) and latency (0.5) of api: columns 0 and 2.
            if c == 0 || c == 2 {
                #expect(moved == Array(start..<stop), "column \(c)")
                #expect(moved.allSatisfy { ds.frame[$0, c] > original.frame[$0, c] })
            } else {
                #expect(moved.isEmpty, "column \(c) moved")
            }
        }
        let fault = try #require(ds.groundTruth.faults.first)
        #expect(fault.kind == "cpu-hog" && fault.target == "api" && fault.id == "inj1")
        #expect(fault.injectionStartMs == ds.timestamps[start])
        #expect(Set(fault.affectedSeries.map(\.seriesId)) == ["api/cpu_util", "api/latency_p99"])
        // The peak |z| against the hour before is large for a z = 8 move of a series whose std is about its
        // noise scale; the latency's half weight gives a smaller one.
        let cpu = try #require(fault.affectedSeries.first { $0.seriesId == "api/cpu_util" }?.peakZ)
        let latency = try #require(fault.affectedSeries.first { $0.seriesId == "api/latency_p99" }?.peakZ)
        #expect(cpu > 3 && latency > 1.5 && latency < cpu, "cpu \(cpu), latency \(latency)")
    }

    @Test func aSuccessRateFallsWhenErrorsRiseAndALeakRampsToItsPeak() throws {
        let original = try Self.recording()
        var ds = original
        let outage = try RecordingInjection.Request(parsing: "kind=dependency-outage,target=db,at=1h,for=10m")
        let leak = try RecordingInjection.Request(parsing: "kind=memory-leak,target=api,at=3h,for=60m,intensity=severe")
        _ = try RecordingInjection.apply([outage, leak], to: &ds, trainRows: 300)
        #expect((360..<370).allSatisfy { ds.frame[$0, 7] < original.frame[$0, 7] }, "db success rate falls")
        let delta = (480..<540).map { ds.frame[$0, 1] - original.frame[$0, 1] }
        #expect(zip(delta.dropFirst(), delta).allSatisfy { $0 > $1 }, "the leak grows row by row")
        #expect(ds.groundTruth.faults.map(\.id) == ["inj1", "inj2"])
    }

    @Test func badInjectionsAreUsageErrorsThatSayWhy() throws {
        var ds = try Self.recording()
        func message(_ text: String, trainRows: Int = 300) -> String {
            do {
                let r = try RecordingInjection.Request(parsing: text)
                _ = try RecordingInjection.apply([r], to: &ds, trainRows: trainRows)
                return "no error"
            } catch let e as UsageError {
                return e.message
            } catch {
                return "other error \(error)"
            }
        }
        #expect(message("kind=cpu-hogg,target=api,at=1h").contains("did you mean 'cpu-hog'"))
        #expect(message("kind=cpu-hog,target=apx,at=1h").contains("no entity 'apx'"))
        #expect(message("kind=cpu-hog,target=api,at=1h,when=now").contains("unknown key 'when'"))
        #expect(message("kind=cpu-hog,target=api,at=soon").contains("neither a duration"))
        #expect(message("kind=cpu-hog,target=api,at=1h,z=-1").contains("z='-1'"))
        #expect(message("kind=disk-fill,target=api,at=1h").contains("no series a disk-fill moves"))
        #expect(message("kind=cpu-hog,target=api,at=2023-11-14T22:13:20Z").contains("outside the scored rows"))
        #expect(message("kind=cpu-hog,target=api,at=20h").contains("outside the scored rows"))
    }
}
