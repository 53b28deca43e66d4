import LinearAlgebra
import Models
import Telemetry
import Testing

@Suite struct LogsWindowCountsTests {
    static func record(_ t: Int64, _ body: String) -> LogRecord {
        LogRecord(timeMs: t, entity: "svc", severity: .info, body: body)
    }

    /// Two templates over six 20 s windows stepping 10 s; the expected counts are worked out by hand.
    static let records = [
        record(5_000, "user alice logged in from 10.0.0.1"),
        record(15_000, "user bob logged in from 10.0.0.2"),
        record(15_500, "disk /dev/sda1 full"),
        record(45_000, "user carol logged in from 10.0.0.3"),
        record(59_999, "disk /dev/sdb2 full"),
        record(60_000, "user dave logged in from 10.0.0.4"),  // at the end: mined, not counted
        record(-1, "disk /dev/sdc3 full"),  // before the start: mined, not counted
    ]

    @Test func overlappingWindowsCountEachRecordInEveryWindowCoveringIt() throws {
        let w = try LogWindowCounts(records: Self.records, startMs: 0, endMs: 60_000, windowMs: 20_000, stepMs: 10_000)
        #expect(w.windowStartsMs == [0, 10_000, 20_000, 30_000, 40_000, 50_000])
        #expect(w.templates == ["user <*> logged in from <*>", "disk <*> full"])
        #expect(w.recordTemplates == [0, 0, 1, 0, 1, 0, 1])
        #expect(w.counts.column(0) == [2, 1, 0, 1, 1, 0])
        #expect(w.counts.column(1) == [1, 1, 0, 0, 1, 1])
        #expect(w.miner.templateSizes == [4, 3])
    }

    @Test func tumblingWindowsPartitionTheRecords() throws {
        let w = try LogWindowCounts(records: Self.records, startMs: 0, endMs: 60_000, windowMs: 30_000, stepMs: 30_000)
        #expect(w.counts.rowArrays == [[2, 1], [1, 1]])
    }

    @Test func datasetLogsAreMinedOverItsTimeAxis() throws {
        let axis = TimeAxis(startMs: 0, stepMs: 10_000, count: 6)
        let frame = try MetricFrame(columns: [[1, 2, 3, 4, 5, 6]])
        let series = [SeriesDescriptor(entity: "svc", metric: "cpu", unit: "1", kind: .gauge)]
        let dataset = try Dataset(
            info: DatasetInfo(name: "tiny", generator: "test"), axis: axis, series: series,
            frame: frame, logs: Self.records)
        let w = try LogWindowCounts(dataset: dataset, windowMs: 20_000, stepMs: 10_000)
        #expect(w.counts.column(0) == [2, 1, 0, 1, 1, 0])
    }

    @Test func nonPositiveWindowOrStepIsRejected() {
        #expect(throws: ModelError.self) {
            try LogWindowCounts(records: Self.records, startMs: 0, endMs: 10, windowMs: 0, stepMs: 1)
        }
        #expect(throws: ModelError.self) {
            try LogWindowCounts(records: Self.records, startMs: 0, endMs: 10, windowMs: 5, stepMs: -1)
        }
    }
}
