import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// `faultline import csv` on small hand-written files: each documented repair happens and is reported, each
/// refusal names the file, line and column.
@Suite struct CSVImportTests {
    func parse(_ text: String, _ options: CSVImportOptions = CSVImportOptions()) throws -> ImportResult {
        try GenericCSVImporter.parse(Array(text.utf8), path: "in.csv", options: options, name: "t")
    }

    func error(_ text: String, _ options: CSVImportOptions = CSVImportOptions()) -> InteropError? {
        do {
            _ = try parse(text, options)
            return nil
        } catch {
            return error as? InteropError
        }
    }

    @Test func readsEpochSecondsMillisecondsAndZonedISOWithoutRepairs() throws {
        for stamps in [
            ["1700000000", "1700000060", "1700000120"], ["1700000000000", "1700000060000", "1700000120000"],
            ["2023-11-14T22:13:20Z", "2023-11-14T22:14:20+00:00", "2023-11-14T23:15:20.000+01:00"],
        ] {
            let r = try parse("time,web/cpu,db/requests_total,rps\n\(stamps[0]),0.5,12,3\n\(stamps[1]),,13,4\n\(stamps[2]),0.7,nan,5\n")
            #expect(r.repairs.isEmpty)
            #expect(r.dataset.timestamps == [1_700_000_000_000, 1_700_000_060_000, 1_700_000_120_000])
            #expect(r.dataset.series.map(\.id) == ["web/cpu", "db/requests_total", "rps"])
            #expect(r.dataset.series.map(\.entity) == ["web", "db", "in"])
            #expect(r.dataset.series[1].kind == .counter)
            #expect(r.dataset.frame[1, 0].isNaN && r.dataset.frame[2, 1].isNaN)
            #expect(r.dataset.frame[2, 2] == 5)
            #expect(r.dataset.axis.stepMs == 60_000)
        }
    }

    @Test func acceptsBOMCRLFQuotesAndTrailingBlankLines() throws {
        let r = try parse("\u{FEFF}\"time\",\"a,b\"\r\n1700000000,\"1.5\"\r\n1700000060, 2 \r\n\r\n\r\n")
        #expect(r.dataset.series.map(\.id) == ["a,b"])
        #expect(r.dataset.frame.column(0) == [1.5, 2])
    }

    @Test func sortsUnsortedRowsAndSaysSo() throws {
        let r = try parse("t,x\n1700000120,3\n1700000000,1\n1700000060,2\n")
        #expect(r.dataset.frame.column(0) == [1, 2, 3])
        #expect(r.repairs.map(\.kind) == [.sorted])
        #expect(r.repairs[0].message.contains("out of time order"))
    }

    @Test(arguments: [(DuplicatePolicy.last, 2.0), (.first, 1.0), (.mean, 1.5)])
    func mergesDuplicatesByTheNamedPolicy(policy: DuplicatePolicy, expected: Double) throws {
        let r = try parse("t,x\n1700000000,1\n1700000000,2\n1700000060,5\n", CSVImportOptions(duplicates: policy))
        #expect(r.dataset.frame.column(0) == [expected, 5])
        let rep = try #require(r.repairs.first { $0.kind == .duplicatesMerged })
        #expect(rep.message.contains("'\(policy.rawValue)'") && rep.message.contains("line 3"))
    }

    @Test func refusesDuplicatesUnderTheErrorPolicyNamingTheLine() {
        let e = error("t,x\n1700000000,1\n1700000000,2\n", CSVImportOptions(duplicates: .error))
        #expect(e?.line == 3)
    }

    @Test func fillsGapsOnTheGridWithNaNAndSaysSo() throws {
        let r = try parse("t,x\n1700000000,1\n1700000060,2\n1700000240,5\n")
        #expect(r.dataset.timestamps.count == 5)
        let col = r.dataset.frame.column(0)
        #expect(col[0] == 1 && col[1] == 2 && col[2].isNaN && col[3].isNaN && col[4] == 5)
        #expect(r.repairs.map(\.kind) == [.gapsFilled])
        #expect(r.repairs[0].message.contains("2 missing steps of 60000 ms"))
    }

    @Test func keepsMixedStepsIrregularAndSaysSo() throws {
        let r = try parse("t,x\n1700000000,1\n1700000060,2\n1700000120,2\n1700000150,5\n")
        #expect(r.dataset.timestamps.count == 4)
        #expect(r.repairs.map(\.kind) == [.irregularKept])
    }

    @Test func reportsISOTimesWithoutAZone() throws {
        let r = try parse("t,x\n2023-11-14 22:13:20,1\n2023-11-14 22:14:20,2\n")
        #expect(r.repairs.first?.kind == .zoneAssumed)
        #expect(r.dataset.timestamps.first == 1_700_000_000_000)
    }

    @Test func labelColumnRunsBecomeFaultsAndLeaveTheSeries() throws {
        let r = try parse("t,x,label\n1700000000,1,0\n1700000060,2,1\n1700000120,3,1\n1700000180,4,0\n", CSVImportOptions(labelColumn: "label"))
        #expect(r.dataset.series.map(\.id) == ["x"])
        let f = try #require(r.dataset.groundTruth.faults.first)
        #expect(r.dataset.groundTruth.faults.count == 1)
        #expect(f.injectionStartMs == 1_700_000_060_000 && f.injectionEndMs == 1_700_000_120_000 && f.kind == "labelled")
    }

    @Test func labelWindowsJSONInEitherShape() throws {
        for json in [
            "[[\"2023-11-14T22:14:20Z\", 1700000120]]",
            "[{\"start\": \"2023-11-14T22:14:20Z\", \"end\": \"2023-11-14T22:15:20Z\", \"kind\": \"cpu-hog\", \"target\": \"web\", \"id\": \"f9\"}]",
        ] {
            let windows = try LabelWindow.parse(Array(json.utf8), path: "l.json")
            let r = try parse("t,x\n1700000000,1\n1700000060,2\n1700000120,3\n", CSVImportOptions(labelWindows: windows))
            let f = try #require(r.dataset.groundTruth.faults.first)
            #expect(f.injectionStartMs == 1_700_000_060_000 && f.injectionEndMs == 1_700_000_120_000)
        }
    }

    @Test func aWindowOutsideTheRowsIsRefusedAsTheStoreWould() {
        let windows = [LabelWindow(startMs: 1_800_000_000_000, endMs: 1_800_000_060_000)]
        let e = error("t,x\n1700000000,1\n1700000060,2\n", CSVImportOptions(labelWindows: windows))
        #expect(e?.message.contains("outside the data's rows") == true)
    }

    @Test func errorsNameTheLineAndColumn() {
        // Truncated last line.
        var e = error("t,a,b\n1700000000,1,2\n1700000060,3")
        #expect(e?.line == 3 && e?.message.contains("truncated last line") == true && e?.column == 13)
        // A short row in the middle.
        e = error("t,a,b\n1700000000,1\n1700000060,3,4\n")
        #expect(e?.line == 2 && e?.message.contains("2 fields, the header has 3") == true)
        // Too many fields.
        e = error("t,a\n1700000000,1,2\n")
        #expect(e?.line == 2 && e?.column == 13)
        // A value that is not a number.
        e = error("t,a,b\n1700000000,1,x7\n")
        #expect(e?.line == 2 && e?.column == 14 && e?.message.contains("column 'b'") == true)
        // A bad timestamp.
        e = error("t,a\nyesterday,1\n")
        #expect(e?.line == 2 && e?.column == 1)
        // A blank line inside the data.
        e = error("t,a\n1700000000,1\n\n1700000060,2\n")
        #expect(e?.line == 3)
        // Unterminated quote.
        e = error("t,a\n1700000000,\"1\n")
        #expect(e?.message == "unterminated quote")
        // A header naming the time column twice.
        e = error("t,t\n1,2\n")
        #expect(e?.message.contains("appears twice") == true)
    }

    @Test func aSemicolonFileIsCalledOutAndReadsWithTheDelimiter() throws {
        let text = "t;a;b\n1700000000;1;2\n"
        let e = error(text)
        #expect(e?.line == 1 && e?.column == 2 && e?.message.contains("';'-separated") == true)
        let r = try parse(text, CSVImportOptions(delimiter: 0x3B))
        #expect(r.dataset.frame.row(0) == [1, 2])
    }

    @Test func thousandsOfColumnsImport() throws {
        let columns = 3_000
        var text = "time," + (0..<columns).map { "h\($0)/v" }.joined(separator: ",") + "\n"
        for r in 0..<5 { text += "\(1_700_000_000 + 60 * r)," + (0..<columns).map { String(r * columns + $0) }.joined(separator: ",") + "\n" }
        let d = try parse(text).dataset
        #expect(d.series.count == columns && d.frame.rows == 5)
        #expect(d.frame[4, columns - 1] == Double(4 * columns + columns - 1))
    }

    @Test func unknownTimeColumnIsAUsageError() {
        let e = error("time,a\n1,2\n", CSVImportOptions(timeColumn: "tim"))
        #expect(e?.isUsageError == true && e?.message.contains("did you mean") == true)
    }
}
