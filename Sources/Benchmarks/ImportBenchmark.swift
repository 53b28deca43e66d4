import Dispatch
import Foundation
import Interop
import Telemetry

/// `faultline bench import`: the generic CSV importer against pandas `read_csv` on the same file, both timed in
/// one run. The file is generated (seeded): an epoch-seconds time column and `columns` value columns of
/// decimals with three fractional digits, one field in 50 empty. Faultline's side is
/// `GenericCSVImporter.importFile` — read, parse, repair, validate into a `Dataset` in memory (writing the
/// dataset folder is not timed: pandas writes nothing either), timed with one parsing worker (pandas' C engine is
/// single-threaded: equal cores) and with `workers` (default: the active cores), their datasets checked
/// identical. pandas' side is `docs/bench_import_pandas.py` run with `python`. One warm-up, then `runs` rounds
/// of the three (pandas' script started once a round: its own warm-up read, then one timed), medians reported.
public struct ImportBenchmark {
    /// Data rows of the generated file.
    public var rows = 200_000
    /// Value columns.
    public var columns = 20
    /// Timed runs per side.
    public var runs = 5
    /// The CSV written (and removed afterwards unless `keep`).
    public var file: URL
    /// Keep the generated file.
    public var keep = false
    /// The Python interpreter with pandas; nil skips the pandas side.
    public var python: String?
    /// `bench_import_pandas.py`.
    public var script: URL
    /// Parsing workers of the multi-worker side.
    public var workers = ProcessInfo.processInfo.activeProcessorCount

    /// Creates a benchmark writing its file at `file`.
    public init(file: URL, script: URL) {
        self.file = file
        self.script = script
    }

    /// One side's timing.
    public struct Side: Sendable, Codable {
        public var tool: String
        public var medianSeconds: Double
        public var samplesSeconds: [Double]
        /// Median process CPU seconds per run (the machine is shared: CPU time is the steadier figure).
        public var cpuMedianSeconds: Double
        /// 10⁶ bytes of CSV per second, from the median.
        public var megabytesPerSecond: Double
    }

    /// Both sides and the ratio.
    public struct Result: Sendable, Codable {
        public var rows: Int
        public var columns: Int
        public var bytes: Int
        /// Parsing workers of `faultline`.
        public var workers: Int
        /// Active cores of the machine.
        public var cores: Int
        /// Faultline with `workers` parsing workers.
        public var faultline: Side
        /// Faultline with one parsing worker (pandas' C engine uses one thread).
        public var faultlineOneWorker: Side
        public var pandas: Side?
        /// pandas median / Faultline median (> 1: Faultline is faster).
        public var speedup: Double?
        /// The same ratio of median CPU seconds.
        public var cpuSpeedup: Double?
        /// pandas median / one-worker Faultline median.
        public var oneWorkerSpeedup: Double?
        /// The same ratio of median CPU seconds.
        public var oneWorkerCpuSpeedup: Double?

        /// A markdown table.
        public var table: String {
            var t = "CSV import: \(rows) rows × \(columns + 1) columns, \(String(format: "%.1f", Double(bytes) / 1e6)) MB\n\n"
            t += "| tool | median s | CPU s | MB/s |\n| --- | ---: | ---: | ---: |\n"
            for s in [faultlineOneWorker, faultline] + (pandas.map { [$0] } ?? []) {
                t +=
                    "| \(s.tool) | \(String(format: "%.3f", s.medianSeconds)) | \(String(format: "%.3f", s.cpuMedianSeconds)) | \(String(format: "%.1f", s.megabytesPerSecond)) |\n"
            }
            t +=
                "\nFaultline: 1 and \(workers) parsing workers (\(cores) active cores); pandas: read_csv's C engine as installed (its process CPU time shows whether it ran a second thread)\n"
            if let speedup, let cpuSpeedup, let oneWorkerSpeedup, let oneWorkerCpuSpeedup {
                t +=
                    "speed-up over pandas, 1 worker: \(String(format: "%.2f", oneWorkerSpeedup))× wall, \(String(format: "%.2f", oneWorkerCpuSpeedup))× CPU\n"
                t +=
                    "speed-up over pandas, \(workers) workers: \(String(format: "%.2f", speedup))× wall, \(String(format: "%.2f", cpuSpeedup))× CPU\n"
            }
            return t
        }

        /// The result as JSON.
        public func json() throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try e.encode(self), as: UTF8.self)
        }
    }

    /// Writes the file, times both sides, removes the file.
    ///
    /// - Throws: `DataError` when the file cannot be written, the pandas script fails or the one-worker and
    ///   multi-worker datasets differ; the importer's errors.
    public func run() throws -> Result {
        let bytes = try writeFile()
        defer { if !keep { try? FileManager.default.removeItem(at: file) } }
        let workers = max(1, self.workers)
        // Warm-up, and the determinism check: one worker and `workers` give the same dataset, bit for bit.
        let one = try GenericCSVImporter.importFile(file, workers: 1)
        let many = try GenericCSVImporter.importFile(file, workers: workers)
        guard Self.identical(one, many) else { throw DataError("bench import: 1 and \(workers) workers read different datasets") }
        var samples: [[Double]] = [[], []]
        var cpu: [[Double]] = [[], []]
        var peerSamples: [Double] = [], peerCPU: [Double] = []
        var peerTool = "pandas read_csv"
        // Round by round, both sides (pandas' script once a round, one warm-up read and one timed): a change in
        // the machine's load reaches both sides' samples alike.
        for _ in 0..<max(1, runs) {
            if let python {
                let s = try pandas(python, bytes: bytes, runs: 1)
                peerSamples += s.samplesSeconds
                peerCPU.append(s.cpuMedianSeconds)
                peerTool = s.tool
            }
            for (side, w) in [1, workers].enumerated() {
                let c0 = Self.cpuSeconds()
                let t0 = DispatchTime.now().uptimeNanoseconds
                let r = try GenericCSVImporter.importFile(file, workers: w)
                samples[side].append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                cpu[side].append(Self.cpuSeconds() - c0)
                guard r.dataset.frame.rows == rows, r.dataset.series.count == columns else {
                    throw DataError("bench import: read \(r.dataset.frame.rows) × \(r.dataset.series.count), wrote \(rows) × \(columns)")
                }
            }
        }
        func side(_ k: Int, _ tool: String) -> Side {
            let median = samples[k].sorted()[samples[k].count / 2]
            return Side(
                tool: tool, medianSeconds: median, samplesSeconds: samples[k], cpuMedianSeconds: cpu[k].sorted()[cpu[k].count / 2],
                megabytesPerSecond: Double(bytes) / 1e6 / median)
        }
        let single = side(0, "faultline import csv (GenericCSVImporter, 1 worker)")
        let ours = side(1, "faultline import csv (GenericCSVImporter, \(workers) workers)")
        var peer: Side?
        if python != nil, !peerSamples.isEmpty {
            let median = peerSamples.sorted()[peerSamples.count / 2]
            peer = Side(
                tool: peerTool, medianSeconds: median, samplesSeconds: peerSamples, cpuMedianSeconds: peerCPU.sorted()[peerCPU.count / 2],
                megabytesPerSecond: Double(bytes) / 1e6 / median)
        }
        return Result(
            rows: rows, columns: columns, bytes: bytes, workers: workers, cores: ProcessInfo.processInfo.activeProcessorCount, faultline: ours,
            faultlineOneWorker: single, pandas: peer, speedup: peer.map { $0.medianSeconds / ours.medianSeconds },
            cpuSpeedup: peer.map { $0.cpuMedianSeconds / ours.cpuMedianSeconds },
            oneWorkerSpeedup: peer.map { $0.medianSeconds / single.medianSeconds },
            oneWorkerCpuSpeedup: peer.map { $0.cpuMedianSeconds / single.cpuMedianSeconds })
    }

    /// Whether two imports hold the same rows, axis, series, ground truth, values (bit for bit, NaN included) and
    /// repairs.
    static func identical(_ a: ImportResult, _ b: ImportResult) -> Bool {
        let x = a.dataset, y = b.dataset
        guard x.timestamps == y.timestamps, x.axis == y.axis, x.series == y.series, x.groundTruth == y.groundTruth, a.repairs == b.repairs else {
            return false
        }
        let u = x.frame.values, v = y.frame.values
        return u.count == v.count && zip(u, v).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    /// One run of the pandas script: `runs` timed reads after a warm-up.
    func pandas(_ python: String, bytes: Int, runs: Int) throws -> Side {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script.path, file.path, "--runs", String(runs)]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw DataError("cannot run \(python): \(error.localizedDescription)", hint: "make bench-import sets up pandas") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0, let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let median = obj["median_s"] as? Double, let samples = obj["samples_s"] as? [Double], let rowsRead = obj["rows"] as? Int
        else {
            throw DataError("\(script.path) failed (status \(p.terminationStatus)): \(errText.suffix(400))")
        }
        guard rowsRead == rows else { throw DataError("pandas read \(rowsRead) rows, the file has \(rows)") }
        return Side(
            tool: obj["tool"] as? String ?? "pandas read_csv", medianSeconds: median, samplesSeconds: samples,
            cpuMedianSeconds: obj["cpu_median_s"] as? Double ?? .nan,
            megabytesPerSecond: Double(bytes) / 1e6 / median)
    }

    /// CPU seconds this process has used.
    static func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// The generated CSV: deterministic for its shape.
    func writeFile() throws -> Int {
        var rng = SplitMix64(seed: 15)
        var out: [UInt8] = []
        out.reserveCapacity(rows * (columns * 9 + 12))
        out += Array(("time," + (0..<columns).map { "svc\($0 / 4)/metric_\($0 % 4)" }.joined(separator: ",") + "\n").utf8)
        for r in 0..<rows {
            out += Array(String(1_700_000_000 + 15 * r).utf8)
            for _ in 0..<columns {
                out.append(0x2C)
                let x = rng.next()
                if x % 50 == 0 { continue }
                let v = Int((x >> 40) % 1_000_000)
                out += Array("\(v / 1000).\(String(v % 1000 + 1000).dropFirst())".utf8)
            }
            out.append(0x0A)
        }
        guard FileManager.default.createFile(atPath: file.path, contents: Data(out)) else {
            throw DataError("cannot write \(file.path)")
        }
        return out.count
    }
}
