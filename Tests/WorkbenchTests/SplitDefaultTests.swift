import Telemetry
import Testing

@testable import Workbench

/// A spec that names no split trains on a span chosen without the ground truth (issue #11, finding 5:
/// the old default ended training 30 minutes before the first injected fault, which a live system cannot know).
@Suite struct SplitDefaultTests {
    static let hour: Int64 = 3_600_000

    /// `hours` of 1-minute rows, one fault starting at `faultAtHour`, optionally a declared training part.
    static func dataset(hours: Int, faultAtHour: Double?, trainRows: Int? = nil) throws -> Dataset {
        let rows = hours * 60
        let faults = faultAtHour.map { h in
            let start = Int64(h * Double(hour))
            return [FaultRecord(id: "f1", kind: "cpu-hog", target: "a", injectionStartMs: start, injectionEndMs: start + 600_000)]
        }
        return try Dataset(
            info: DatasetInfo(name: "t", generator: "test", trainRows: trainRows), axis: TimeAxis(startMs: 0, stepMs: 60_000, count: rows),
            series: [SeriesDescriptor(entity: "a", metric: "x", unit: "1", kind: .gauge)],
            frame: MetricFrame(rows: rows, columns: 1, repeating: 0), groundTruth: GroundTruth(faults: faults ?? []))
    }

    @Test func aSpecWithoutSplitUsesTheAutomaticSplit() throws {
        let spec = try ExperimentSpec.parse(yaml: "datasets:\n  - scenario: tiny\nmodels:\n  - name: zscore\n", source: "s.yaml")
        #expect(spec.split == .auto)
        #expect(!spec.split.summary.contains("uses ground truth"))
        let named = try ExperimentSpec.parse(
            yaml: "datasets:\n  - scenario: tiny\nsplit: {train: auto}\nmodels:\n  - name: zscore\n", source: "s.yaml")
        #expect(named.split == .auto)
    }

    @Test func theAutomaticSpanDoesNotMoveWithTheFaults() throws {
        // Long run: the first 24 h, wherever the fault is (as long as it is after them).
        for fault in [30.0, 40, 60] {
            let plan = try SplitPlan.make(Self.dataset(hours: 72, faultAtHour: fault), .auto)
            #expect(plan.trainRows == 24 * 60, "fault at \(fault) h")
        }
        // Short run: the first half.
        #expect(try SplitPlan.make(Self.dataset(hours: 12, faultAtHour: 9), .auto).trainRows == 6 * 60)
        #expect(try SplitPlan.make(Self.dataset(hours: 12, faultAtHour: 11), .auto).trainRows == 6 * 60)
        // The old default followed the fault.
        #expect(try SplitPlan.make(Self.dataset(hours: 12, faultAtHour: 11), .leadingFaultFree(marginMinutes: 30)).trainRows == 630)
        // Declared training rows win.
        #expect(try SplitPlan.make(Self.dataset(hours: 12, faultAtHour: 11, trainRows: 100), .auto).trainRows == 100)
    }

    @Test func aFaultInsideTheAutomaticSpanIsAnErrorNotAMove() throws {
        #expect(throws: DataError.self) { try SplitPlan.make(Self.dataset(hours: 72, faultAtHour: 10), .auto) }
        #expect(throws: DataError.self) { try SplitPlan.make(Self.dataset(hours: 12, faultAtHour: 5), .auto) }
    }

    @Test func splitSpansHaveAnUpperBound() {
        for bad in ["{train: leading-hours, hours: 1e308}", "{train: leading-fault-free, margin_minutes: 1e308}"] {
            #expect(throws: SpecError.self) {
                try ExperimentSpec.parse(yaml: "datasets:\n  - scenario: tiny\nsplit: \(bad)\nmodels:\n  - name: zscore\n", source: "s.yaml")
            }
        }
    }
}
