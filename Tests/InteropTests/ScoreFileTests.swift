import FaultlineTestSupport
import Foundation
import Interop
import Telemetry
import Testing

/// Issue 17: score files as other tools write them (CRLF, a byte-order mark) are read; damaged ones are
/// refused naming the file and the row and column.
@Suite struct ScoreFileTests {
    static let timestamps: [Int64] = (0..<5).map { 1_700_000_000_000 + Int64($0) * 60_000 }
    static let csv = "timestamp,score\n" + timestamps.enumerated().map { "\($0.element),\(Double($0.offset) / 10)" }.joined(separator: "\n") + "\n"

    private func write(_ data: Data, _ name: String) throws -> String {
        let url = try SharedData.temporaryDirectory("scores").appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    private func dataError(_ body: () throws -> Void) -> String? {
        do {
            try body()
            Issue.record("expected a DataError")
            return nil
        } catch let e as DataError {
            return e.message
        } catch {
            Issue.record("expected a DataError, got \(error)")
            return nil
        }
    }

    // Regression (issue 17): a CRLF file was rejected as "no 'score' column".
    @Test func crlfLineEndsAreAccepted() throws {
        let path = try write(Data(Self.csv.replacingOccurrences(of: "\n", with: "\r\n").utf8), "crlf.csv")
        #expect(try ScoreFile.read(path, timestamps: Self.timestamps) == [0, 0.1, 0.2, 0.3, 0.4])
    }

    // Regression (issue 17): a UTF-8 byte-order mark hid the 'timestamp' column.
    @Test func aByteOrderMarkIsAccepted() throws {
        let path = try write(Data([0xEF, 0xBB, 0xBF]) + Data(Self.csv.utf8), "bom.csv")
        #expect(try ScoreFile.read(path, timestamps: Self.timestamps) == [0, 0.1, 0.2, 0.3, 0.4])
    }

    @Test func theInProcessReaderMatchesTheFileReader() throws {
        let path = try write(Data(Self.csv.utf8), "plain.csv")
        #expect(
            try ScoreFile.readCSV(Data(Self.csv.utf8), path: path, timestamps: Self.timestamps) == ScoreFile.read(path, timestamps: Self.timestamps))
    }

    // Regression (issue 17): shape (rows, 0) scored as all zeros.
    @Test func aTwoDimensionalFileWithoutColumnsIsRefused() throws {
        let url = try SharedData.temporaryDirectory("scores").appendingPathComponent("empty.npy")
        try NPYFile.write([], shape: [5, 0], fortranOrder: false, to: url)
        let message = dataError { _ = try ScoreFile.read(url.path, timestamps: Self.timestamps) }
        #expect(message?.contains("(5, 0)") == true)
        #expect(message?.contains(url.path) == true)
    }

    // Regression (issue 17): a NaN in one column of a 2-D file vanished into the row maximum.
    @Test(arguments: [false, true]) func aNaNInOneColumnIsRefusedNamingRowAndColumn(_ fortranOrder: Bool) throws {
        let rows = 5, cols = 3
        var values = (0..<(rows * cols)).map { Double($0) }
        let r = 3, c = 1
        values[fortranOrder ? c * rows + r : r * cols + c] = .nan
        let url = try SharedData.temporaryDirectory("scores").appendingPathComponent("nan.npy")
        try NPYFile.write(values, shape: [rows, cols], fortranOrder: fortranOrder, to: url)
        let message = dataError { _ = try ScoreFile.read(url.path, timestamps: Self.timestamps) }
        #expect(message?.contains("row 3, column 1 is nan") == true, "\(String(describing: message))")
    }

    @Test func aTwoDimensionalFileScoresTheRowMaximum() throws {
        let url = try SharedData.temporaryDirectory("scores").appendingPathComponent("max.npy")
        try NPYFile.write([1, 5, 2, 0, -1, 7, 3, 3, 3, 9, 8, 7, 0, 0, 1], shape: [5, 3], fortranOrder: false, to: url)
        #expect(try ScoreFile.read(url.path, timestamps: Self.timestamps) == [5, 7, 3, 9, 1])
    }

    // Regression (issue 17): a FIFO given as the scores file must not block.
    @Test(.timeLimit(.minutes(1))) func aFIFOIsRefusedAtOnce() throws {
        let path = try SharedData.temporaryDirectory("scores").appendingPathComponent("fifo.csv").path
        #expect(mkfifo(path, 0o644) == 0)
        let message = dataError { _ = try ScoreFile.read(path, timestamps: Self.timestamps) }
        #expect(message?.contains("FIFO") == true)
    }

    @Test func aMissingFileIsAUsageError() throws {
        #expect(throws: UsageError.self) { _ = try ScoreFile.read("/nonexistent/scores.csv", timestamps: Self.timestamps) }
    }
}
