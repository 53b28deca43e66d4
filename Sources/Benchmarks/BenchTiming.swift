import Foundation

/// Wall-clock timings of one benchmarked call, in the format of the peer benchmarks
/// (`../shared/peers/out/*.json`): one warm-up, then `runs` timed calls; the median is the figure,
/// min and max are kept.
public struct BenchTiming: Sendable, Codable, Equatable {
    /// Median of the samples, in seconds.
    public var medianSeconds: Double
    /// Fastest sample, in seconds.
    public var minSeconds: Double
    /// Slowest sample, in seconds.
    public var maxSeconds: Double
    /// Number of timed calls.
    public var runs: Int
    /// Number of untimed warm-up calls.
    public var warmup: Int
    /// Every kept sample, in seconds, in the order taken.
    public var samplesSeconds: [Double]
    /// Share of the machine's CPU time used by other processes during each kept sample (0…1), when
    /// the platform lets us measure it (Linux `/proc/stat`).
    public var foreignLoad: [Double]?
    /// Samples retaken because other processes used more than the threshold during them.
    public var retaken: Int
    /// CPU time (user + system, all threads) this process used during each kept sample, in
    /// seconds. On a busy shared machine it is a steadier estimate of the cost than wall time.
    public var cpuSamplesSeconds: [Double]
    /// Median of ``cpuSamplesSeconds``.
    public var cpuMedianSeconds: Double

    enum CodingKeys: String, CodingKey {
        case medianSeconds = "median_s", minSeconds = "min_s", maxSeconds = "max_s", runs, warmup
        case samplesSeconds = "samples_s", foreignLoad = "foreign_load", retaken
        case cpuSamplesSeconds = "cpu_samples_s", cpuMedianSeconds = "cpu_median_s"
    }

    /// Builds the summary from raw samples (at least one).
    init(samples: [Double], cpuSamples: [Double], warmup: Int, foreignLoad: [Double]?, retaken: Int) {
        let sorted = samples.sorted()
        let n = sorted.count
        medianSeconds = Self.median(samples)
        cpuSamplesSeconds = cpuSamples
        cpuMedianSeconds = Self.median(cpuSamples)
        minSeconds = sorted.first ?? .nan
        maxSeconds = sorted.last ?? .nan
        runs = n
        self.warmup = warmup
        samplesSeconds = samples
        self.foreignLoad = foreignLoad
        self.retaken = retaken
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        if n == 0 { return .nan }
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
}

/// Times calls with the peer benchmarks' rules: one warm-up, median of several runs, and a
/// shared-machine guard that retakes a sample (up to `maxRetakes` times) when other processes used
/// more than `foreignThreshold` of the machine during it.
struct BenchTimer {
    var runs: Int
    var warmup = 1
    var maxRetakes = 3
    var foreignThreshold = 0.10

    /// Times each body `runs` times, interleaving them (A, B, B, A, A, B, …) so that slow drifts of the
    /// machine affect all of them alike. Returns one timing per body.
    func measureInterleaved(_ bodies: [() throws -> Void]) throws -> [BenchTiming] {
        for body in bodies { for _ in 0..<warmup { try body() } }
        var kept = [[Sample]](repeating: [], count: bodies.count)
        for run in 0..<runs {
            // Alternate the order (A, B, then B, A) so neither body always runs right after the other.
            let order = run % 2 == 0 ? Array(bodies.indices) : bodies.indices.reversed()
            for i in order { kept[i].append(try sample(bodies[i])) }
        }
        return kept.map(summary)
    }

    /// Times one body; `prepare` runs before every call (warm-up, timed and retaken) outside the timing.
    func measure(prepare: () throws -> Void = {}, _ body: () throws -> Void) throws -> BenchTiming {
        for _ in 0..<warmup { try prepare(); try body() }
        var kept: [Sample] = []
        for _ in 0..<runs { kept.append(try sample(body, prepare: prepare)) }
        return summary(kept)
    }

    private struct Sample {
        var seconds: Double
        var cpuSeconds: Double
        var load: Double?
        var retakes: Int
    }

    private func summary(_ kept: [Sample]) -> BenchTiming {
        let measurable = kept.allSatisfy { $0.load != nil }
        return BenchTiming(
            samples: kept.map(\.seconds), cpuSamples: kept.map(\.cpuSeconds), warmup: warmup,
            foreignLoad: measurable ? kept.map { $0.load ?? 0 } : nil,
            retaken: kept.reduce(0) { $0 + $1.retakes })
    }

    /// One kept sample: retaken while other processes' load exceeds the threshold (at most `maxRetakes` times).
    private func sample(_ body: () throws -> Void, prepare: () throws -> Void = {}) throws -> Sample {
        var retakes = 0
        while true {
            try prepare()
            let before = CPUSample.now()
            let start = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - start
            let after = CPUSample.now()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let load = CPUSample.foreignLoad(from: before, to: after, wallSeconds: seconds)
            if let load, load > foreignThreshold, retakes < maxRetakes {
                retakes += 1
                continue
            }
            return Sample(seconds: seconds, cpuSeconds: after.processSeconds - before.processSeconds, load: load, retakes: retakes)
        }
    }

    /// Waits (up to `maxSeconds`) until other processes use less than `foreignThreshold` of the
    /// machine over a 250 ms window. Returns the last measured foreign load (nil if unmeasurable).
    func waitForQuietMachine(maxSeconds: Double) -> Double? {
        let deadline = ContinuousClock.now + .milliseconds(Int(maxSeconds * 1000))
        var last: Double?
        repeat {
            let before = CPUSample.now()
            Thread.sleep(forTimeInterval: 0.25)
            last = CPUSample.foreignLoad(from: before, to: CPUSample.now(), wallSeconds: 0.25)
            guard let load = last else { return nil }
            if load < foreignThreshold { return load }
        } while ContinuousClock.now < deadline
        return last
    }
}

/// Busy CPU time of the whole machine and of this process, for the shared-machine guard.
struct CPUSample {
    /// Busy seconds summed over all CPUs since boot (nil where `/proc/stat` is unavailable).
    var machineBusySeconds: Double?
    /// User + system seconds of this process (all its threads, including OpenBLAS's).
    var processSeconds: Double

    static func now() -> CPUSample {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let own =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        return CPUSample(machineBusySeconds: machineBusy(), processSeconds: own)
    }

    /// Other processes' share of the machine (0…1) between two samples.
    static func foreignLoad(from a: CPUSample, to b: CPUSample, wallSeconds: Double) -> Double? {
        guard let busyA = a.machineBusySeconds, let busyB = b.machineBusySeconds, wallSeconds > 0 else { return nil }
        let foreign = (busyB - busyA) - (b.processSeconds - a.processSeconds)
        let capacity = wallSeconds * Double(ProcessInfo.processInfo.activeProcessorCount)
        return min(1, max(0, foreign / capacity))
    }

    private static func machineBusy() -> Double? {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first, line.hasPrefix("cpu ")
        else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 4 else { return nil }
        // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
        let idle = fields[3] + (fields.count > 4 ? fields[4] : 0)
        let total = fields.prefix(8).reduce(0, +)
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (total - idle) / (ticks > 0 ? ticks : 100)
        #else
        return nil
        #endif
    }
}
