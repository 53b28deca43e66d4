import Foundation
import Simulator
import Telemetry

/// `faultline bench simulate`: metric points generated **and written** (dataset folder with
/// `metrics.npy`, timestamps, ground truth, manifest with SHA-256 of every file) per second, for
/// 1,000+ series × 100,000 steps; the log and trace rate of the default scenario; and peak memory of
/// a 7× longer run (21 simulated days of the default shop against its own 3; memory must be bounded
/// by the chunk, not the run).
///
/// Each timed run writes a complete folder with the production `DatasetWriter` (`durable: false`:
/// no `fsync`; `metrics.npy` goes to the device with direct I/O where the file system allows it, so
/// its bytes are not parked in the page cache). Deleting the previous run's folder happens before
/// the timing starts.
public struct SimulateBenchmark: Sendable {
    /// Services of the synthetic world (70 give 1,014 series).
    public var services = 70
    /// Rows (steps) of the metric run.
    public var rows = 100_000
    /// Worker threads of the simulator.
    public var jobs = 2
    /// Rows per chunk handed to the writer (the simulator's default).
    public var chunkRows = 2048
    /// Timed runs after one warm-up.
    public var runs = 3
    /// Measure peak RSS of `faultline simulate default --days 3` (its own length) and `--days 21` in child processes.
    public var measureMemory = true
    /// The two lengths of the memory probe (days).
    public static let memoryDays = (short: 3, long: 21)
    /// Folder for the written datasets (deleted afterwards).
    public var scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
        "faultline-bench-simulate-\(ProcessInfo.processInfo.processIdentifier)")

    public init() {}

    /// The figures of one run.
    public struct Result: Sendable, Codable {
        public var series: Int
        public var rows: Int
        public var jobs: Int
        public var cores: Int
        public var points: Int
        public var timing: BenchTiming
        public var pointsPerSecond: Double
        public var writtenBytes: Int
        public var logLinesPerSecond: Double
        public var spansPerSecond: Double
        public var peakRSSShortBytes: Int?
        public var peakRSSLongBytes: Int?
        /// Peak RSS of the 7× longer run over the short one (limit 1.5).
        public var rssRatioLongToShort: Double?

        /// Aligned text for the terminal.
        public var table: String {
            var s = "faultline bench simulate (\(cores) cores, --jobs \(jobs))\n"
            s += String(
                format: "  metrics: %d series × %d steps = %.1f M points, written with manifest + SHA-256 (%.0f MB)\n",
                series, rows, Double(points) / 1e6, Double(writtenBytes) / 1e6)
            s += String(
                format: "    median %.3f s (min %.3f, max %.3f, CPU %.3f s) → %.1f M points/s\n",
                timing.medianSeconds, timing.minSeconds, timing.maxSeconds, timing.cpuMedianSeconds, pointsPerSecond / 1e6)
            s += String(
                format: "  default scenario records: %.0f log lines/s, %.0f spans/s (generated and written)\n", logLinesPerSecond, spansPerSecond)
            if let a = peakRSSShortBytes, let b = peakRSSLongBytes, let r = rssRatioLongToShort {
                s += String(
                    format: "  peak RSS of `simulate default`: %d days %.0f MB, %d days %.0f MB, ratio %.2f (limit 1.5)\n",
                    SimulateBenchmark.memoryDays.short,
                    Double(a) / 1e6, SimulateBenchmark.memoryDays.long, Double(b) / 1e6, r)
            }
            return s
        }

        public func json() throws -> String {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try e.encode(self), as: UTF8.self)
        }
    }

    /// Runs the benchmark.
    public func run(executable: URL?) throws -> Result {
        let fm = FileManager.default
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let scenario = try SyntheticScenario.make(services: services, rows: rows)
        var counter = 0
        var seriesCount = 0
        let bytes: Int
        // The previous run's folder is deleted before each run, outside the timing (deleting 800 MB of
        // page cache is not part of writing a dataset).
        let timing = try BenchTimer(runs: runs).measure(prepare: {
            if counter > 0 { try? fm.removeItem(at: scratch.appendingPathComponent("run-\(counter - 1)")) }
        }) {
            let out = scratch.appendingPathComponent("run-\(counter)")
            counter += 1
            var writer = DatasetWriter(destination: out, generatorVersion: SimulatorVersion.string, durable: false)
            let summary = try Simulation.run(scenario: scenario, jobs: jobs, chunkRows: chunkRows, into: &writer)
            seriesCount = summary.series
        }
        // The last run's folder is still there: its manifest gives the bytes written (outside the timing).
        let last = scratch.appendingPathComponent("run-\(counter - 1)")
        bytes = (try? DatasetStore.readManifest(from: last).files.reduce(0) { $0 + $1.bytes }) ?? 0
        let points = seriesCount * rows

        // Records: the default scenario, whose logs and traces are realistic in volume.
        let shop = try ScenarioLoader.resolve("default")
        let clock = ContinuousClock()
        var shopSummary: SimulationSummary?
        let recordsOut = scratch.appendingPathComponent("default")
        let elapsed = try clock.measure {
            var writer = DatasetWriter(destination: recordsOut, generatorVersion: SimulatorVersion.string, durable: false)
            shopSummary = try Simulation.run(scenario: shop, jobs: jobs, into: &writer)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18

        var rss1: Int?, rss7: Int?
        if measureMemory, let exe = executable {
            rss1 = try childPeakRSS(exe, days: Self.memoryDays.short)
            rss7 = try childPeakRSS(exe, days: Self.memoryDays.long)
        }
        return Result(
            series: seriesCount, rows: rows, jobs: jobs, cores: ProcessInfo.processInfo.activeProcessorCount, points: points,
            timing: timing, pointsPerSecond: Double(points) / timing.medianSeconds, writtenBytes: bytes,
            logLinesPerSecond: Double(shopSummary?.logLines ?? 0) / seconds, spansPerSecond: Double(shopSummary?.spans ?? 0) / seconds,
            peakRSSShortBytes: rss1, peakRSSLongBytes: rss7,
            rssRatioLongToShort: rss1.flatMap { a in rss7.map { Double($0) / Double(a) } })
    }

    /// Peak resident memory of `faultline simulate default --days D` in a child process (its own
    /// `ru_maxrss`, read through `wait4`).
    func childPeakRSS(_ exe: URL, days: Int) throws -> Int {
        let out = scratch.appendingPathComponent("days-\(days)")
        var pid: pid_t = 0
        let args = [exe.path, "simulate", "default", "--days", "\(days)", "--out", out.path, "--quiet", "--jobs", "\(jobs)"]
        var cArgs = args.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        let rc = posix_spawn(&pid, exe.path, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw DataError("cannot start \(exe.path): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw DataError("wait4 failed for the memory probe") }
        guard status == 0 else { throw DataError("the memory probe `\(args.dropFirst().joined(separator: " "))` failed (status \(status))") }
        try? FileManager.default.removeItem(at: out)
        return Int(usage.ru_maxrss) * 1024
    }
}
