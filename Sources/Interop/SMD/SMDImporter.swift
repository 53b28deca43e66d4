import Foundation
import Telemetry

/// Imports one machine of the Server Machine Dataset (SMD; Su et al., KDD 2019) as a `Dataset`.
///
/// Layout (`../shared/datasets/smd-subset/README.md`): `train/<m>.txt` and `test/<m>.txt` hold 38
/// comma-separated values per one-minute row; `test_label/<m>.txt` one 0/1 per test row;
/// `interpretation_label/<m>.txt` lines `start-end:d1,d2,…` (test rows, end exclusive, 1-based
/// dimensions). The dataset is the train rows followed by the test rows on a one-minute grid (SMD
/// has no timestamps: the grid starts at `startMs`); `info.trainRows` declares the train half.
/// Every maximal run of labelled test rows is a fault (`kind: smd-anomaly`, target the machine), its
/// affected series the interpretation label's dimensions when one matches the run.
public enum SMDImporter {
    /// Nominal start of the one-minute grid: 2019-01-01T00:00:00Z.
    public static let startMs: Int64 = 1_546_300_800_000
    public static let stepMs: Int64 = 60_000

    /// The machines present under `root` (names of `train/*.txt`), sorted.
    public static func machines(root: URL) throws -> [String] {
        let dir = root.appendingPathComponent("train")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else {
            throw InteropError(path: dir.path, message: "no SMD train folder", isUsageError: true)
        }
        return names.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// Loads machine `machine` from the SMD folder `root`.
    ///
    /// - Throws: `InteropError` naming the file and line for malformed rows, ragged columns, a label
    ///   count that differs from the test rows, or an interpretation line that does not parse.
    public static func load(root: URL, machine: String) throws -> Dataset {
        let trainURL = root.appendingPathComponent("train/\(machine).txt")
        let testURL = root.appendingPathComponent("test/\(machine).txt")
        let labelURL = root.appendingPathComponent("test_label/\(machine).txt")
        guard FileManager.default.fileExists(atPath: trainURL.path) else {
            let known = (try? machines(root: root)) ?? []
            throw InteropError(
                path: trainURL.path, message: "no SMD machine '\(machine)'\(NearestName.hint(machine, among: known))",
                isUsageError: true)
        }
        var rowsMajor: [Double] = []
        let trainRows = try readMatrix(trainURL, into: &rowsMajor, columns: nil)
        let columns = rowsMajor.count / max(trainRows, 1)
        let testRows = try readMatrix(testURL, into: &rowsMajor, columns: columns)
        let labels = try readLabels(labelURL, expected: testRows)
        let total = trainRows + testRows
        // Row-major text → column-major frame.
        var values = [Double](repeating: 0, count: total * columns)
        rowsMajor.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for r in 0..<total { for c in 0..<columns { dst[c * total + r] = src[r * columns + c] } }
            }
        }
        let frame = try MetricFrame(rows: total, columns: columns, columnMajor: values)
        let series = (0..<columns).map {
            SeriesDescriptor(id: "\(machine)/dim\($0 + 1)", entity: machine, metric: "dim\($0 + 1)", unit: "scaled", kind: .gauge)
        }
        let axis = TimeAxis(startMs: startMs, stepMs: stepMs, count: total)
        let interpretations = try readInterpretations(root.appendingPathComponent("interpretation_label/\(machine).txt"))
        var faults: [FaultRecord] = []
        var r = 0
        while r < testRows {
            guard labels[r] else { r += 1; continue }
            var e = r
            while e + 1 < testRows && labels[e + 1] { e += 1 }
            let start = axis.time(at: trainRows + r), end = axis.time(at: trainRows + e)
            let dims = interpretations.filter { $0.rows.overlaps(r...e) }.flatMap(\.dimensions)
            var seen = Set<Int>()
            let affected = dims.filter { seen.insert($0).inserted && $0 >= 1 && $0 <= columns }
                .map { AffectedSeries(seriesId: series[$0 - 1].id, startMs: start, endMs: end) }
            faults.append(
                FaultRecord(
                    id: "s\(faults.count + 1)", kind: "smd-anomaly", target: machine, injectionStartMs: start,
                    injectionEndMs: end, firstSymptomMs: start, affectedSeries: affected, propagationPath: [machine]))
            r = e + 1
        }
        return try Dataset(
            info: DatasetInfo(name: "smd/\(machine)", generator: "faultline-interop smd", trainRows: trainRows),
            axis: axis, series: series, frame: frame,
            topology: Topology(entities: [Entity(id: machine, kind: .host)]),
            groundTruth: GroundTruth(faults: faults))
    }

    static func readMatrix(_ url: URL, into out: inout [Double], columns: Int?) throws -> Int {
        let data = try NumericText.read(url)
        var expected = columns
        var rows = 0
        for (i, range) in NumericText.lines(data).enumerated() where !range.isEmpty {
            let before = out.count
            try NumericText.parseRow(data, range, into: &out, path: url.path, lineNumber: i + 1)
            let n = out.count - before
            if let expected, n != expected {
                throw InteropError(path: url.path, line: i + 1, message: "\(n) values, expected \(expected)")
            }
            expected = n
            rows += 1
        }
        guard rows > 0 else { throw InteropError(path: url.path, message: "no rows") }
        return rows
    }

    static func readLabels(_ url: URL, expected: Int) throws -> [Bool] {
        let data = try NumericText.read(url)
        var labels: [Bool] = []
        labels.reserveCapacity(expected)
        for (i, range) in NumericText.lines(data).enumerated() where !range.isEmpty {
            let text = String(decoding: data[range], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            switch text {
            case "0": labels.append(false)
            case "1": labels.append(true)
            default: throw InteropError(path: url.path, line: i + 1, message: "label '\(text)' is not 0 or 1")
            }
        }
        guard labels.count == expected else {
            throw InteropError(path: url.path, message: "\(labels.count) labels for \(expected) test rows")
        }
        return labels
    }

    struct Interpretation {
        var rows: ClosedRange<Int>
        var dimensions: [Int]
    }

    static func readInterpretations(_ url: URL) throws -> [Interpretation] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let data = try NumericText.read(url)
        return try NumericText.lines(data).enumerated().compactMap { i, range in
            let text = String(decoding: data[range], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return nil }
            let parts = text.split(separator: ":", maxSplits: 1)
            let span = parts.first?.split(separator: "-") ?? []
            guard parts.count == 2, span.count == 2, let a = Int(span[0]), let b = Int(span[1]), b > a else {
                throw InteropError(path: url.path, line: i + 1, message: "expected 'start-end:d1,d2,…'")
            }
            let dims = try parts[1].split(separator: ",").map { d -> Int in
                guard let v = Int(d.trimmingCharacters(in: .whitespaces)) else {
                    throw InteropError(path: url.path, line: i + 1, message: "dimension '\(d)' is not an integer")
                }
                return v
            }
            return Interpretation(rows: a...(b - 1), dimensions: dims)
        }
    }
}
