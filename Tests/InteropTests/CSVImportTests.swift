import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@testable import Interop

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

    // Parallel parsing (issue 15): chunks cut at line ends, merged in file order.

    /// A seeded file of `rows` rows: epoch seconds (a few zoneless ISO times, a few rows out of order and
    /// repeated), a label column and `columns` values mixing the fast decimals with empty fields, missing words,
    /// exponents, long mantissas, quotes-free padding and CRLF line ends.
    static func generated(rows: Int, columns: Int, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        var text = "time," + (0..<columns).map { "svc\($0 % 3)/m\($0)" }.joined(separator: ",") + ",label\n"
        for r in 0..<rows {
            var t = 1_700_000_000 + 60 * r
            if r % 997 == 500 { t -= 120 }  // out of order
            if r % 1_499 == 700 { t -= 60 }  // a repeated timestamp
            if r % 1_000 == 250 {
                let d = Date(timeIntervalSince1970: TimeInterval(t))
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = TimeZone(identifier: "UTC")
                f.dateFormat = "yyyy-MM-dd HH:mm:ss"
                text += f.string(from: d)
            } else {
                text += String(t)
            }
            for _ in 0..<columns {
                let x = rng.next()
                text += ","
                switch x % 40 {
                case 0: break
                case 1: text += "NaN"
                case 2: text += " \(Int(x >> 44) - 500) "
                case 3: text += "\(Double(x >> 40) / 7e3)e-2"
                case 4: text += "0.\(x >> 1)"  // more digits than the fast path takes
                default: text += "\(Int(x >> 40) % 200_000 - 100_000).\(x % 1000)"
                }
            }
            text += (r % 5 == 0 ? ",1" : ",0") + (r % 7 == 0 ? "\r\n" : "\n")
        }
        return text
    }

    /// The lines of `text` split at each `\n` byte (a `\r` kept: Swift's `Character` would hold `\r\n` as one).
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    func table(_ text: String, workers: Int, minChunkBytes: Int, label: String? = nil) throws -> CSVTable {
        try Array(text.utf8).withUnsafeBufferPointer {
            try CSVTable.parse(
                $0, path: "in.csv", timeColumn: nil, labelColumn: label, delimiter: nil, workers: workers, minChunkBytes: minChunkBytes)
        }
    }

    /// Same rows, values (bit for bit), labels, lines, zone counts and repairs.
    func expectIdentical(_ a: ImportResult, _ b: ImportResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.dataset.timestamps == b.dataset.timestamps, sourceLocation: sourceLocation)
        #expect(a.dataset.series == b.dataset.series, sourceLocation: sourceLocation)
        #expect(a.dataset.groundTruth == b.dataset.groundTruth, sourceLocation: sourceLocation)
        #expect(a.repairs == b.repairs, sourceLocation: sourceLocation)
        #expect(a.dataset.frame.values.map(\.bitPattern) == b.dataset.frame.values.map(\.bitPattern), sourceLocation: sourceLocation)
    }

    @Test func aLargeFileParsesIdenticallyWithOneAndSeveralWorkers() throws {
        let text = Self.generated(rows: 20_000, columns: 6, seed: 15)
        let one = try table(text, workers: 1, minChunkBytes: 1 << 12, label: "label")
        #expect(one.chunks == 1 && one.rows == 20_000)
        for workers in [2, 3, 8] {
            let many = try table(text, workers: workers, minChunkBytes: 1 << 12, label: "label")
            #expect(many.chunks == workers)
            #expect(many.times == one.times && many.lines == one.lines && many.labels == one.labels)
            #expect(many.values.map(\.bitPattern) == one.values.map(\.bitPattern))
            #expect(many.zoneless == one.zoneless && many.firstZoneless == one.firstZoneless)
        }
        #expect(one.zoneless == 20 && one.firstZoneless == 252)
        #expect(one.lines[19_999] == 20_001)
        // Column-major: row 3 of the second value column.
        let fields = Self.lines(text)[4].split(separator: ",", omittingEmptySubsequences: false)
        #expect(one.values[1 * 20_000 + 3].bitPattern == (Double(fields[2].trimmingCharacters(in: .whitespaces)) ?? .nan).bitPattern)
        // Through the importer: the same dataset and the same repairs (sorted, merged, zone assumed).
        let options = CSVImportOptions(labelColumn: "label")
        let bytes = Array(text.utf8)
        let a = try GenericCSVImporter.parse(bytes, path: "in.csv", options: options, name: "t", workers: 1, minChunkBytes: 1 << 12)
        let b = try GenericCSVImporter.parse(bytes, path: "in.csv", options: options, name: "t", workers: 4, minChunkBytes: 1 << 12)
        #expect(Set(a.repairs.map(\.kind)).isSuperset(of: [.sorted, .duplicatesMerged, .zoneAssumed]))
        expectIdentical(a, b)
    }

    @Test func aBadFieldInALaterChunkIsTheFirstInFileOrderWithItsLineAndColumn() throws {
        var lines = Self.lines(Self.generated(rows: 4_000, columns: 4, seed: 3))
        // Row 2_500 (line 2_502, the third of four chunks) and row 3_900 (the fourth) get a bad third field.
        for row in [2_500, 3_900] {
            var f = lines[row + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            f[3] = "1.2.3"
            lines[row + 1] = f.joined(separator: ",")
        }
        let text = lines.joined(separator: "\n")
        let column = lines[2_501].split(separator: ",", omittingEmptySubsequences: false).prefix(3).map { $0.utf8.count + 1 }.reduce(1, +)
        for workers in [1, 2, 4] {
            do {
                _ = try table(text, workers: workers, minChunkBytes: 1 << 10)
                Issue.record("parsed a file with a bad field (\(workers) workers)")
            } catch let e as InteropError {
                #expect(e.line == 2_502 && e.column == column, "\(workers) workers: \(e)")
                #expect(e.message.contains("column 'svc2/m2': '1.2.3' is not a number"))
            }
        }
        // A bad field in an early chunk wins over one in a later chunk.
        var early = lines
        early[11] = early[11].replacingOccurrences(of: ",", with: ";")
        let e = #expect(throws: InteropError.self) { try self.table(early.joined(separator: "\n"), workers: 4, minChunkBytes: 1 << 10) }
        #expect(e?.line == 12 && e?.message.hasPrefix("timestamp") == true)
    }

    @Test func aQuotedLineEndAcrossAWouldBeChunkBoundaryKeepsItsField() throws {
        // A header name holding a line end, and quoted numbers: a file with a quote is read as one chunk, and
        // lines are the file's lines (the first row is on line 3).
        var text = "time,\"web\ncpu\",db\n"
        for r in 0..<2_000 { text += "\(1_700_000_000 + 60 * r),\"\(r).5\",\(r)\n" }
        let one = try table(text, workers: 1, minChunkBytes: 1 << 10)
        let two = try table(text, workers: 2, minChunkBytes: 1 << 10)
        #expect(two.chunks == 1 && one.names == ["web\ncpu", "db"])
        #expect(one.values == two.values && one.lines == two.lines && one.lines.first == 3 && one.lines.last == 2_002)
        #expect(one.values[1_999] == 1_999.5 && one.values[2_000 + 1_999] == 1_999)
        // A quoted field spanning the middle of the data (where two workers would cut), its lines looking like
        // rows: it stays one field, so the error is its own (line and column where it starts), not that of a
        // row cut out of it.
        var quoted = "t,a,b\n"
        for r in 0..<1_000 { quoted += "\(1_700_000_000 + 60 * r),\(r),1\n" }
        quoted += "1700060000,\"12\n" + String(repeating: "1700060060,34,1\n", count: 1_000) + "\",5\n"
        for r in 0..<1_000 { quoted += "\(1_700_120_000 + 60 * r),\(r),1\n" }
        for workers in [1, 2] {
            let e = #expect(throws: InteropError.self) { try self.table(quoted, workers: workers, minChunkBytes: 1 << 10) }
            #expect(
                e?.line == 1_002 && e?.column == 13 && e?.message.hasPrefix("column 'a': '12\n1700060060,34,1") == true, "\(String(describing: e))")
        }
        // Text after the closing quote is named on the line the quote closes.
        let after = quoted.replacingOccurrences(of: "\",5\n", with: "\"x,5\n")
        let e = #expect(throws: InteropError.self) { try self.table(after, workers: 2, minChunkBytes: 1 << 10) }
        #expect(e?.line == 2_003 && e?.column == 2 && e?.message == "text after a closing quote")
    }

    @Test func aLastLineWithoutALineEndMayReachPastEveryCut() throws {
        // The last line is longer than the rest of the file and has no line end: the later chunks are empty.
        let text = "t,x\n1700000000,1\n1700000060,2\n1700000120," + String(repeating: " ", count: 400) + "3"
        for workers in [1, 2, 4] {
            let t = try table(text, workers: workers, minChunkBytes: 16)
            #expect(t.rows == 3 && t.values == [1, 2, 3] && t.lines == [2, 3, 4])
        }
        let e = #expect(throws: InteropError.self) { try self.table(text + ",4", workers: 4, minChunkBytes: 16) }
        #expect(e?.line == 4 && e?.message.hasPrefix("more fields") == true)
    }

    @Test func blankLinesEndingTheFileMayFallInALaterChunk() throws {
        var text = "t,x\n"
        for r in 0..<300 { text += "\(1_700_000_000 + 60 * r),\(r)\n" }
        // Blank lines, then lines of spaces (allowed after a blank line at the end; a row anywhere else).
        text += "\n\r\n" + String(repeating: "   \n", count: 2_000)
        for workers in [1, 2, 5] {
            let t = try table(text, workers: workers, minChunkBytes: 64)
            #expect(t.rows == 300 && t.values.count == 300 && t.values[299] == 299 && t.lines.last == 301)
        }
        #expect(try table(text, workers: 5, minChunkBytes: 64).chunks == 5)
        // A row after the blank lines is an error, whichever chunk holds it.
        let e = #expect(throws: InteropError.self) { try self.table(text + "1700090000,1\n", workers: 5, minChunkBytes: 64) }
        #expect(e?.line == 302 && e?.message == "empty line inside the data")
    }

    @Test func theWordAtATimeDecimalScanAgreesWithTheByteLoop() {
        var rng = SplitMix64(seed: 9)
        let odd = Array("0123456789.-+, \n\"e".utf8) + [0xFF, 0xFA, 0x3A, 0x2F, 0]
        var checked = 0, numbers = 0, mismatches = 0
        for _ in 0..<40_000 {
            let length = Int(rng.next() % 24)
            var field: [UInt8] = (0..<length).map { _ in
                rng.next() % 4 == 0 ? odd[Int(rng.next() % UInt64(odd.count))] : UInt8(0x30 + rng.next() % 10)
            }
            field += [UInt8](repeating: 0x2C, count: 20)  // room for the word loads (the wide path is taken)
            field.withUnsafeBufferPointer { p in
                for start in 0...min(2, length) {
                    let wide = CSVTable.scanDecimalWide(p, from: start, limit: p.count)
                    let bytes = CSVTable.scanDecimal(p, from: start, limit: p.count)
                    if wide.end != bytes.end || wide.value?.bitPattern != bytes.value?.bitPattern { mismatches += 1 }
                    if bytes.value != nil { numbers += 1 }
                    checked += 1
                }
            }
        }
        #expect(mismatches == 0 && checked > 60_000 && numbers > 20_000)
    }

    /// The common-row path (`CSVTable.plainRow`) and the general loop read every file alike: the same rows, values
    /// bit for bit, lines, zone counts, or the same error (line, column, message) — on rows of every kind and on
    /// files with random bytes changed.
    @Test func theCommonRowPathReadsWhatTheGeneralLoopReads() throws {
        func parse(_ bytes: [UInt8], plain: Bool, workers: Int) -> Swift.Result<CSVTable, InteropError> {
            bytes.withUnsafeBufferPointer { p in
                Swift.Result {
                    try CSVTable.parse(
                        p, path: "in.csv", timeColumn: nil, labelColumn: nil, delimiter: nil, workers: workers, minChunkBytes: 1 << 10,
                        plainRows: plain)
                }.mapError { $0 as? InteropError ?? InteropError(path: "?", message: "\($0)") }
            }
        }
        func same(_ a: Swift.Result<CSVTable, InteropError>, _ b: Swift.Result<CSVTable, InteropError>) -> Bool {
            switch (a, b) {
            case (.success(let x), .success(let y)):
                return x.times == y.times && x.lines == y.lines && x.values.map(\.bitPattern) == y.values.map(\.bitPattern)
                    && x.zoneless == y.zoneless && x.firstZoneless == y.firstZoneless && x.names == y.names
            case (.failure(let x), .failure(let y)):
                return x.line == y.line && x.column == y.column && x.message == y.message
            default:
                return false
            }
        }
        // Without the label column the layout is the plain one (time first, values after).
        let text = Self.lines(Self.generated(rows: 3_000, columns: 5, seed: 21)).map { line in
            line.hasSuffix(",1\r") || line.hasSuffix(",0\r")
                ? String(line.dropLast(3)) + "\r" : line.hasSuffix(",1") || line.hasSuffix(",0") ? String(line.dropLast(2)) : line
        }.joined(separator: "\n").replacingOccurrences(of: ",label\n", with: "\n")
        var bytes = Array(text.utf8)
        let plainTable = try #require(try? parse(bytes, plain: true, workers: 1).get())
        #expect(plainTable.rows == 3_000)
        #expect(same(parse(bytes, plain: true, workers: 1), parse(bytes, plain: false, workers: 1)))
        #expect(same(parse(bytes, plain: true, workers: 3), parse(bytes, plain: false, workers: 1)))
        // Random bytes changed: the same table or the same first error either way.
        var rng = SplitMix64(seed: 5)
        let odd = Array("0123456789.-+, \n\r\"eE".utf8) + [0xFF, 0x3A, 0]
        var errors = 0
        for _ in 0..<150 {
            var mutated = bytes
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = 40 + Int(rng.next() % UInt64(mutated.count - 40))
                mutated[at] = odd[Int(rng.next() % UInt64(odd.count))]
            }
            let a = parse(mutated, plain: true, workers: 1), b = parse(mutated, plain: false, workers: 1)
            #expect(same(a, b))
            if case .failure = b { errors += 1 }
        }
        #expect(errors > 10 && errors < 150)
        bytes.removeAll()
    }

    /// Line ends and quotes are counted exactly (quotes: whether any), for short and long lines and any range.
    @Test func lineEndsAreCountedAsTheBytesHoldThem() {
        var rng = SplitMix64(seed: 12)
        for trial in 0..<60 {
            // Short lines in some files (the word-by-word loop), long in others (memchr), mixed in the rest.
            let mean = [3, 40, 70, 500][trial % 4]
            var bytes: [UInt8] = []
            while bytes.count < 20_000 + Int(rng.next() % 90_000) {
                let length = Int(rng.next() % UInt64(2 * mean + 1))
                bytes += (0..<length).map { _ in rng.next() % 97 == 0 ? 0x22 : UInt8(0x30 + rng.next() % 10) }
                bytes.append(0x0A)
            }
            if trial % 3 == 0 { bytes = bytes.map { $0 == 0x22 ? 0x31 : $0 } }
            let a = Int(rng.next() % 100), b = bytes.count - Int(rng.next() % 100)
            let (n, q) = bytes.withUnsafeBufferPointer { CSVTable.countLineEndsAndQuotes($0, from: a, to: b) }
            #expect(n == bytes[a..<b].filter { $0 == 0x0A }.count)
            #expect((q > 0) == bytes[a..<b].contains(0x22))
        }
    }

    /// Counts taken piece by piece while the file is read cut the file as counting it afterwards does: the same
    /// table, for pieces smaller than the chunks and for a file holding quotes (one worker).
    @Test func countsTakenWhileReadingCutTheFileAsCountingAfterwardsDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faultline-linecounts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = Self.generated(rows: 6_000, columns: 4, seed: 33)
        for (k, text) in [plain, plain.replacingOccurrences(of: "NaN", with: "\"NaN\"")].enumerated() {
            let url = folder.appendingPathComponent("f\(k).csv")
            try Data(text.utf8).write(to: url)
            let (bytes, lineEnds) = try CSVScan.readCounting(url, workers: 3, minBytesPerWorker: 1, piece: 4_096)
            #expect(bytes == Array(text.utf8))
            let counts = try #require(lineEnds)
            #expect(counts.newlines.reduce(0, +) == bytes.filter { $0 == 0x0A }.count)
            let tables = try [counts, nil].map { lineEnds in
                try bytes.withUnsafeBufferPointer {
                    try CSVTable.parse(
                        $0, path: "f.csv", timeColumn: nil, labelColumn: "label", delimiter: nil, workers: 3, minChunkBytes: 1 << 12,
                        lineEnds: lineEnds)
                }
            }
            #expect(tables[0].chunks == (k == 0 ? 3 : 1) && tables[1].chunks == tables[0].chunks)
            #expect(tables[0].times == tables[1].times && tables[0].lines == tables[1].lines && tables[0].labels == tables[1].labels)
            #expect(tables[0].values.map(\.bitPattern) == tables[1].values.map(\.bitPattern))
        }
    }
}
