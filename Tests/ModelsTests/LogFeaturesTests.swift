import FaultlineTestSupport
import Models
import Telemetry
import Testing

@Suite struct LogFeaturesTests {
    func dataset(rows: Int, logs: [LogRecord]) throws -> Dataset {
        let axis = TimeAxis(startMs: 0, stepMs: 60_000, count: rows)
        return try Dataset(
            info: DatasetInfo(name: "t", generator: "test"), axis: axis,
            series: [SeriesDescriptor(entity: "a", metric: "x", unit: "1", kind: .gauge)],
            frame: MetricFrame(rows: rows, columns: 1, repeating: 0), logs: logs)
    }

    func log(_ ms: Int64, _ body: String) -> LogRecord { LogRecord(timeMs: ms, entity: "a", severity: .info, body: body) }

    @Test func rowsCountTheTemplatesOfTheirTrailingWindow() throws {
        // Step 1 min, window 2 min: row t counts logs in [t, t + 1 min) and the minute before it.
        let logs = [
            log(10_000, "user 17 logged in"), log(70_000, "user 23 logged in"), log(75_000, "disk full on /dev/sda"),
            log(200_000, "user 5 logged in"),
        ]
        let f = try LogFeatures.frame(dataset(rows: 4, logs: logs), windowMinutes: 2)
        #expect(f.rows == 4 && f.columns == 2)
        #expect(f.column(0) == [1, 2, 1, 1])  // "user <*> logged in"
        #expect(f.column(1) == [0, 1, 1, 0])  // "disk full on <*>"
    }

    @Test func aPrefixOfTheRunGivesThePrefixOfTheFrame() throws {
        var logs: [LogRecord] = []
        for i in 0..<300 {
            logs.append(log(Int64(i) * 20_000, i % 7 == 0 ? "timeout calling payments after \(i) ms" : "GET /cart/\(i) 200"))
            if i == 200 { logs.append(log(Int64(i) * 20_000 + 1, "connection pool exhausted (size 8)")) }
        }
        let full = try LogFeatures.frame(dataset(rows: 100, logs: logs), windowMinutes: 5)
        let prefixLogs = logs.filter { $0.timeMs < 40 * 60_000 }
        let prefix = try LogFeatures.frame(dataset(rows: 40, logs: prefixLogs), windowMinutes: 5)
        #expect(full.columns >= prefix.columns)
        for c in 0..<full.columns {
            let head = Array(full.column(c)[0..<40])
            if c < prefix.columns { #expect(head == prefix.column(c)) } else { #expect(head.allSatisfy { $0 == 0 }) }
        }
    }
}
