/// The world's own variability at every time scale, on top of the deterministic physics: traffic
/// that wanders at 1 min, 5 min and 1 h, per-service load, cost-per-request, background CPU, payload
/// and latency-mix components, heavy-tailed latency spikes, over-dispersed error counts with rare
/// transient bursts, and step-shaped memory (warm-up after restarts, heap and cache steps).
///
/// Every value is a pure function of (seed, component, time): smooth components are counter-based
/// "value noise" — one standard-normal knot per component every `spacing` ms from `CounterRandom`,
/// linearly interpolated and rescaled to unit variance between knots — and the per-row draws are
/// counter-based too. Rows may be evaluated in any order; a worker evaluating consecutive rows only
/// draws a knot when it crosses a knot boundary (the two knots around the current time are cached,
/// a memo of the pure function, not state: output is byte-identical for any order and thread count).
///
/// Amplitudes are constants scaled by `observation.noise / 0.02` times `observation.variability.scale`
/// (`g`, 1 in the built-in scenarios), the traffic components by `workload.noise`; the background CPU
/// level, spike share, burst rate and error over-dispersion are `observation.variability`'s other knobs
/// (see `Scenarios/README.md`, "Noise model").
struct Variability {
    /// Knot spacings of the three smooth scales (ms).
    static let fastMs = 60_000.0, mediumMs = 300_000.0, slowMs = 3_600_000.0
    /// Reference observation noise: at `observation.noise` = this value the amplitudes below apply as stated.
    static let referenceNoise = 0.02

    // Components per service in each scale (the order of the knot banks).
    enum Fast: Int, CaseIterable { case entity, rate, cpuCost, background, payload, latency, tail, inflight, pool }
    enum Medium: Int, CaseIterable { case entity, background, latency, errors }
    enum Slow: Int, CaseIterable { case entity, background }

    /// Relative amplitudes (standard deviations at `g` = 1).
    enum Amplitude {
        /// Per-service load (shared by the service's rate, network, in-flight and pool series, half of it by CPU).
        static let entity = (fast: 0.12, medium: 0.05, slow: 0.03)
        /// The service's own rate component (request mix seen by its scraper; not in its CPU).
        static let rate = 0.10
        /// CPU cost per request (request mix), on the load-driven part of CPU.
        static let cpuCost = 0.14
        /// Background CPU (GC, sidecars, co-tenants), relative to its own level.
        static let background = (fast: 0.7, medium: 0.4, slow: 0.3)
        /// Floor of the background CPU level (its share of the expected utilisation is
        /// `observation.variability.background_cpu`).
        static let backgroundFloor = 0.01
        /// Bytes per request.
        static let payload = 0.10
        /// Latency (request-class mix), shared by the mean and the quantiles.
        static let latency = (fast: 0.08, medium: 0.06)
        /// Extra tail noise of p99 (half of it on p95).
        static let tail = 0.15
        /// Own components of in-flight and pool utilisation.
        static let inflight = 0.06, pool = 0.05
        /// Host co-tenants (on host CPU).
        static let host = (fast: 0.06, medium: 0.05)
        /// White per-row parts (scrape-interval jitter the knots do not carry): rate, CPU, network, latency.
        static let white = (rate: 0.08, cpu: 0.15, network: 0.10, latency: 0.06)
        /// Traffic, as multiples of `workload.noise` (log scale).
        static let traffic = (fast: 1.5, medium: 1.25, slow: 1.0)
    }

    /// Queueing spikes on p95/p99 (a share `observation.variability.latency_spikes` of rows per service,
    /// 1/32 by default): Pareto shape, scale, cap of the extra factor.
    enum Spike {
        static let shape = 1.5, scale = 0.8, cap = 12.0
    }

    /// Transient error bursts: one chance per service per 20-minute slot (`observation.variability.error_bursts`
    /// per day, 1.125 by default: 1 slot in 64), 1–4 × 15 s long, 1–5 % extra errors.
    enum Burst {
        static let slotMs = 1_200_000.0
        static let minExtra = 0.01, spanExtra = 0.04
    }

    /// Memory steps: warm-up after a restart (`warm` in four steps over about 2τ), a heap step process
    /// every 15 GC periods and a cache step process every 4 h, each a new uniform level at a random time.
    enum Memory {
        static let warm = 0.025, warmTauMs = 1_200_000.0
        static let heap = 0.025, heapEpochGCPeriods = 15.0
        static let cache = 0.02, cacheEpochMs = 14_400_000.0
    }

    let services: Int, hosts: Int
    let fast: KnotBank, medium: KnotBank, slow: KnotBank
    let g: Double, trafficSigma: Double
    /// A row has a latency spike when its spike word is below `spikeThreshold`; a 20-minute slot has an
    /// error burst when its burst word is below `burstThreshold` (`observation.variability`).
    let spikeThreshold: UInt64, burstThreshold: UInt64
    /// Relative amplitude of the error-probability over-dispersion.
    let errorDispersion: Double

    /// The 64-bit threshold below which a uniform word falls with probability `p` (exact for powers of two).
    static func threshold(_ p: Double) -> UInt64 {
        guard p > 0 else { return 0 }
        guard p < 1 else { return .max }
        return UInt64(p * 18_446_744_073_709_551_616.0)
    }
    /// Per-row outputs, per service unless stated (filled by `evaluate`).
    let rateMult: UnsafeMutablePointer<Double>, netMult: UnsafeMutablePointer<Double>, cpuLoadMult: UnsafeMutablePointer<Double>,
        cpuBackground: UnsafeMutablePointer<Double>, latencyMult: UnsafeMutablePointer<Double>, p95Mult: UnsafeMutablePointer<Double>,
        p99Mult: UnsafeMutablePointer<Double>, inflightMult: UnsafeMutablePointer<Double>, poolMult: UnsafeMutablePointer<Double>,
        errorMult: UnsafeMutablePointer<Double>, errorBurst: UnsafeMutablePointer<Double>, memoryStep: UnsafeMutablePointer<Double>,
        countBits: UnsafeMutablePointer<UInt64>, hostMult: UnsafeMutablePointer<Double>, hostBackground: UnsafeMutablePointer<Double>
    /// Log traffic multiplier of the row (entry rate): `traffic[0]` all smooth components, `traffic[1]`
    /// the 1-minute one alone (memory follows traffic without it, see `Physics.entryRate`).
    let traffic: UnsafeMutablePointer<Double>
    /// Factor taking the white and 1-minute traffic parts out of the memory's load term (set by `Physics.entryRate`).
    let memoryLoadScale: UnsafeMutablePointer<Double>
    // Per-service constants and keys.
    let backgroundLevel: UnsafeMutablePointer<Double>, spikeKeys: UnsafeMutablePointer<UInt64>, burstKeys: UnsafeMutablePointer<UInt64>,
        countKeys: UnsafeMutablePointer<UInt64>, whiteKeys: UnsafeMutablePointer<UInt64>, heapKeys: UnsafeMutablePointer<UInt64>,
        cacheKeys: UnsafeMutablePointer<UInt64>, heapEpochMs: UnsafeMutablePointer<Double>, heapInverseEpoch: UnsafeMutablePointer<Double>
    /// Step-process caches: epoch index, cut time, level before and after the cut (heap and cache processes).
    let heapEpoch: UnsafeMutablePointer<Int>, heapCut: UnsafeMutablePointer<Double>, heapPrev: UnsafeMutablePointer<Double>,
        heapCur: UnsafeMutablePointer<Double>, cacheEpoch: UnsafeMutablePointer<Int>, cacheCut: UnsafeMutablePointer<Double>,
        cachePrev: UnsafeMutablePointer<Double>, cacheCur: UnsafeMutablePointer<Double>
    /// Burst memo per service: slot index, start, end, extra error probability.
    let burstSlot: UnsafeMutablePointer<Int>, burstStart: UnsafeMutablePointer<Double>, burstEnd: UnsafeMutablePointer<Double>,
        burstExtra: UnsafeMutablePointer<Double>
    static let inverseSlotMs = 1 / Burst.slotMs
    /// Restart times (ms after the start), per service `restartStart[s] ..< restartStart[s + 1]`.
    let restartStart: UnsafeMutablePointer<Int>, restartMs: UnsafeMutablePointer<Double>
    /// Host background: per placement, the service's capacity cores times its share on the host over the host's cores
    /// (times the service's background fraction: the host's background utilisation).
    let placementBackground: UnsafeMutablePointer<Double>

    init(world w: World, arena a: PhysicsArena) {
        let n = w.serviceCount, h = w.hostNames.count
        services = n
        hosts = h
        let knobs = w.scenario.observation.variability
        g = max(0, w.scenario.observation.noise / Self.referenceNoise) * max(0, knobs.scale)
        spikeThreshold = Self.threshold(knobs.latencySpikes)
        burstThreshold = Self.threshold(knobs.errorBursts * Burst.slotMs / 86_400_000)
        errorDispersion = knobs.errorDispersion
        trafficSigma = max(0, w.scenario.workload.noise)
        // A `Physics` (and so this) is built per block of rows: hash each name once, derive the keys
        // from the hashes (`CounterRandom.stream(name, purpose:)` without re-reading the name).
        let serviceHash = w.names.map(Self.nameHash), hostHash = w.hostNames.map(Self.nameHash)
        func key(_ hash: UInt64, _ purpose: UInt64) -> UInt64 { CounterRandom.key(seed: w.seed, stream: CounterRandom.mix(hash ^ purpose)) }
        func keys(_ purpose: UInt64, _ perService: Int, _ perHost: Int) -> [UInt64] {
            var out: [UInt64] = []
            out.reserveCapacity(n * perService + h * perHost + 1)
            for hash in serviceHash {
                for k in 0..<perService { out.append(key(hash, purpose &+ UInt64(k))) }
            }
            for hash in hostHash {
                for k in 0..<perHost { out.append(key(hash, purpose &+ UInt64(k))) }
            }
            out.append(CounterRandom.key(seed: w.seed, stream: 0x7472_6166 &+ purpose))  // traffic
            return out
        }
        let step = Double(w.scenario.stepMs)
        fast = KnotBank(spacingMs: Self.fastMs, stepMs: step, keys: keys(0x100, Fast.allCases.count, 1), arena: a)
        medium = KnotBank(spacingMs: Self.mediumMs, stepMs: step, keys: keys(0x200, Medium.allCases.count, 1), arena: a)
        slow = KnotBank(spacingMs: Self.slowMs, stepMs: step, keys: keys(0x300, Slow.allCases.count, 0), arena: a)
        rateMult = a.doubles(n)
        netMult = a.doubles(n)
        cpuLoadMult = a.doubles(n)
        cpuBackground = a.doubles(n)
        latencyMult = a.doubles(n)
        p95Mult = a.doubles(n)
        p99Mult = a.doubles(n)
        inflightMult = a.doubles(n)
        poolMult = a.doubles(n)
        errorMult = a.doubles(n)
        errorBurst = a.doubles(n)
        memoryStep = a.doubles(n)
        countBits = a.uint64s(n, copying: [UInt64](repeating: 0, count: n))
        hostMult = a.doubles(h)
        hostBackground = a.doubles(h)
        traffic = a.doubles(2)
        memoryLoadScale = a.doubles(1, copying: [1])
        let expected = w.expectedLoad
        backgroundLevel = a.doubles(
            n,
            copying: (0..<n).map { s in
                let util = expected[s] * w.serviceTimeMs[s] / 1000 / max(1e-9, w.replicas[s] * w.workers[s])
                return w.scenario.observation.variability.backgroundCPU * min(1, util) + Amplitude.backgroundFloor
            })
        func serviceKeys(_ purpose: UInt64) -> [UInt64] { serviceHash.map { key($0, purpose) } }
        spikeKeys = a.uint64s(n, copying: serviceKeys(0x401))
        burstKeys = a.uint64s(n, copying: serviceKeys(0x402))
        countKeys = a.uint64s(n, copying: serviceKeys(0x403))
        whiteKeys = a.uint64s(n, copying: serviceKeys(0x406))
        heapKeys = a.uint64s(n, copying: serviceKeys(0x404))
        cacheKeys = a.uint64s(n, copying: serviceKeys(0x405))
        heapEpochMs = a.doubles(n, copying: w.gcPeriodMs.map { $0 * Memory.heapEpochGCPeriods })
        heapInverseEpoch = a.doubles(n, copying: w.gcPeriodMs.map { 1 / ($0 * Memory.heapEpochGCPeriods) })
        burstSlot = a.ints(n, copying: [Int](repeating: Int.min, count: n))
        burstStart = a.doubles(n)
        burstEnd = a.doubles(n)
        burstExtra = a.doubles(n)
        heapEpoch = a.ints(n, copying: [Int](repeating: Int.min, count: n))
        heapCut = a.doubles(n)
        heapPrev = a.doubles(n)
        heapCur = a.doubles(n)
        cacheEpoch = a.ints(n, copying: [Int](repeating: Int.min, count: n))
        cacheCut = a.doubles(n)
        cachePrev = a.doubles(n)
        cacheCur = a.doubles(n)
        var rs = [0], rm: [Double] = []
        for list in w.restartRows {
            rm.append(contentsOf: list.map { Double($0) * step })
            rs.append(rm.count)
        }
        restartStart = a.ints(n + 1, copying: rs)
        restartMs = a.doubles(rm.count, copying: rm)
        var pb: [Double] = []
        for s in 0..<n {
            for p in w.placementStart[s]..<w.placementStart[s + 1] {
                let cores = w.replicas[s] * w.workers[s] * World.coresPerBusyWorker
                pb.append(cores * w.placementShare[p] / w.hostCores[w.placementHost[p]])
            }
        }
        placementBackground = a.doubles(pb.count, copying: pb)
    }

    /// FNV-1a of a name, as in `CounterRandom.stream`.
    static func nameHash(_ name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return h
    }

    /// Fills the per-row outputs for time `t` (ms after the start) and row `row`.
    func evaluate(t: Double, row: Int) {
        fast.evaluate(t: t)
        medium.evaluate(t: t)
        slow.evaluate(t: t)
        let f = fast.value, m = medium.value, sl = slow.value
        let nF = Fast.allCases.count, nM = Medium.allCases.count, nS = Slow.allCases.count
        let n = services, g = g
        let ts = trafficSigma
        // Bank values already carry their gain; the log-normal mean corrections use the effective spreads.
        let tf = ts * Amplitude.traffic.fast, tm = ts * Amplitude.traffic.medium, tsl = ts * Amplitude.traffic.slow
        let vf = tf * fast.gain, vm = tm * medium.gain, vs = tsl * slow.gain
        let fastPart = tf * f[n * nF + hosts] - 0.5 * vf * vf
        traffic[0] = fastPart + tm * m[n * nM + hosts] + tsl * sl[n * nS] - 0.5 * (vm * vm + vs * vs)
        traffic[1] = fastPart
        @inline(__always) func positive(_ x: Double) -> Double { max(0.05, x) }
        for s in 0..<n {
            let fb = s * nF, mb = s * nM, sb = s * nS
            let entity =
                Amplitude.entity.fast * f[fb + Fast.entity.rawValue] + Amplitude.entity.medium * m[mb + Medium.entity.rawValue]
                + Amplitude.entity.slow * sl[sb + Slow.entity.rawValue]
            // Four white normals from two draws (32 bits each).
            let w0 = CounterRandom.bits(whiteKeys[s], row), w1 = CounterRandom.mix(w0)
            let (whiteRate, whiteCPU) = CounterRandom.gaussian32Pair(w0)
            let (whiteNet, whiteLatency) = CounterRandom.gaussian32Pair(w1)
            let load = positive(1 + g * entity)
            let rate = load * positive(1 + g * (Amplitude.rate * f[fb + Fast.rate.rawValue] + Amplitude.white.rate * whiteRate))
            rateMult[s] = rate
            netMult[s] = rate * positive(1 + g * (Amplitude.payload * f[fb + Fast.payload.rawValue] + Amplitude.white.network * whiteNet))
            cpuLoadMult[s] = positive(1 + g * (0.5 * entity + Amplitude.cpuCost * f[fb + Fast.cpuCost.rawValue] + Amplitude.white.cpu * whiteCPU))
            let bg =
                Amplitude.background.fast * f[fb + Fast.background.rawValue] + Amplitude.background.medium
                * m[mb + Medium.background.rawValue] + Amplitude.background.slow * sl[sb + Slow.background.rawValue]
            cpuBackground[s] = backgroundLevel[s] * max(0, 1 + g * bg)
            let lat = positive(
                1 + g
                    * (Amplitude.latency.fast * f[fb + Fast.latency.rawValue] + Amplitude.latency.medium * m[mb + Medium.latency.rawValue]
                        + Amplitude.white.latency * whiteLatency))
            latencyMult[s] = lat
            inflightMult[s] = lat * load * positive(1 + g * Amplitude.inflight * f[fb + Fast.inflight.rawValue])
            poolMult[s] = load * positive(1 + g * Amplitude.pool * f[fb + Fast.pool.rawValue])
            // Tail: smooth extra noise plus a rare heavy-tailed queueing spike.
            let sb64 = CounterRandom.bits(spikeKeys[s], row)
            var spike = 0.0
            if sb64 < spikeThreshold {
                let u = 1 - CounterRandom.uniform(sb64 << 7)  // (0, 1]
                spike = min(Spike.cap, Spike.scale * (FastMath.pow(u, -1 / Spike.shape) - 1))
            }
            let tail = Amplitude.tail * f[fb + Fast.tail.rawValue]
            p95Mult[s] = lat * positive(1 + g * (0.5 * tail + 0.5 * spike))
            p99Mult[s] = lat * positive(1 + g * (tail + spike))
            // Errors: over-dispersed probability and transient bursts.
            errorMult[s] = max(0.1, 1 + g * errorDispersion * m[mb + Medium.errors.rawValue])
            // The slot's burst (if any) is drawn once per slot and kept in `burst…` (a memo).
            let slot = Int(t * Self.inverseSlotMs)
            if burstSlot[s] != slot {
                let bb = CounterRandom.bits(burstKeys[s], slot)
                burstSlot[s] = slot
                if g > 0 && bb < burstThreshold {
                    burstStart[s] = (Double(slot) + CounterRandom.uniform(bb << 6) * 0.9) * Burst.slotMs
                    burstEnd[s] = burstStart[s] + Double(1 + (bb & 3)) * 15_000
                    burstExtra[s] = g * (Burst.minExtra + Burst.spanExtra * Double((bb >> 2) & 0xFF) / 255)
                } else {
                    burstStart[s] = .infinity
                    burstEnd[s] = -.infinity
                    burstExtra[s] = 0
                }
            }
            errorBurst[s] = t >= burstStart[s] && t < burstEnd[s] ? burstExtra[s] : 0
            countBits[s] = CounterRandom.bits(countKeys[s], row)
            memoryStep[s] = memory(s, t)
        }
        for h in 0..<hosts {
            hostMult[h] = positive(1 + g * (Amplitude.host.fast * f[n * nF + h] + Amplitude.host.medium * m[n * nM + h]))
        }
    }

    /// Memory above the base and load terms: stepped warm-up since the last restart, heap and cache steps.
    @inline(__always)
    func memory(_ s: Int, _ t: Double) -> Double {
        var warm = 1.0
        let lo = restartStart[s], hi = restartStart[s + 1]
        if hi > lo {
            // Last restart at or before t.
            var a = lo, b = hi
            while a < b {
                let mid = (a + b) >> 1
                if restartMs[mid] <= t { a = mid + 1 } else { b = mid }
            }
            if a > lo {
                let since = t - restartMs[a - 1]
                if since < 10 * Memory.warmTauMs {
                    let x = 1 - FastMath.exp(-since / Memory.warmTauMs)
                    warm = Double(Int(4 * x + 0.5)) / 4
                }
            }
        }
        let heap = Self.step(
            key: heapKeys[s], epochMs: heapEpochMs[s], inverse: heapInverseEpoch[s], t: t, epoch: heapEpoch + s, cut: heapCut + s,
            prev: heapPrev + s, cur: heapCur + s)
        let cache = Self.step(
            key: cacheKeys[s], epochMs: Memory.cacheEpochMs, inverse: 1 / Memory.cacheEpochMs, t: t, epoch: cacheEpoch + s,
            cut: cacheCut + s, prev: cachePrev + s, cur: cacheCur + s)
        return Memory.warm * warm + Memory.heap * heap + Memory.cache * cache
    }

    /// A piecewise-constant process in [0, 1): in epoch `j` (of `epochMs`) it switches at a uniform
    /// time from level j − 1 to level j, each level uniform. Pure in (key, t); `epoch…cur` is a memo.
    @inline(__always)
    static func step(
        key: UInt64, epochMs: Double, inverse: Double, t: Double, epoch: UnsafeMutablePointer<Int>, cut: UnsafeMutablePointer<Double>,
        prev: UnsafeMutablePointer<Double>, cur: UnsafeMutablePointer<Double>
    ) -> Double {
        let j = Int(t * inverse)
        if epoch.pointee != j {
            let b = CounterRandom.bits(key, j), p = CounterRandom.bits(key, j - 1)
            cut.pointee = (Double(j) + Double(b >> 40) * 0x1.0p-24) * epochMs
            cur.pointee = Double(b & 0xFF_FFFF) * 0x1.0p-24
            prev.pointee = Double(p & 0xFF_FFFF) * 0x1.0p-24
            epoch.pointee = j
        }
        return t < cut.pointee ? prev.pointee : cur.pointee
    }
}

/// Value noise for `count` components on one knot grid: knot `j` of component `c` (at `j · spacing`
/// ms) is a standard normal from `CounterRandom.bits(keys[c], j)`; between knots the value is the
/// linear interpolation divided by √((1 − f)² + f²), so it has unit variance at every time; times
/// `gain` = min(1, √(spacing / step)), about the spread of a step-long average when knots come faster
/// than rows (a 5-minute row averages five 1-minute knots).
struct KnotBank {
    let count: Int
    let invSpacing: Double
    let gain: Double
    let keys: UnsafeMutablePointer<UInt64>
    /// The knots before and after the current time, and the interpolated value, per component.
    let k0: UnsafeMutablePointer<Double>, k1: UnsafeMutablePointer<Double>, value: UnsafeMutablePointer<Double>
    /// Index of the knot in `k0` (Int.min: none yet).
    let cached: UnsafeMutablePointer<Int>

    init(spacingMs: Double, stepMs: Double, keys k: [UInt64], arena a: PhysicsArena) {
        count = k.count
        invSpacing = 1 / spacingMs
        gain = min(1, (spacingMs / max(1, stepMs)).squareRoot())
        keys = a.uint64s(k.count, copying: k)
        k0 = a.doubles(k.count)
        k1 = a.doubles(k.count)
        value = a.doubles(k.count)
        cached = a.ints(1, copying: [Int.min])
    }

    @inline(__always)
    func evaluate(t: Double) {
        let u = max(0, t) * invSpacing
        let j = Int(u)
        let f = u - Double(j)
        let c = cached.pointee
        if j != c {
            if c != Int.min && j == c &+ 1 {
                for i in 0..<count {
                    k0[i] = k1[i]
                    k1[i] = CounterRandom.gaussian(CounterRandom.bits(keys[i], j + 1))
                }
            } else {
                for i in 0..<count {
                    k0[i] = CounterRandom.gaussian(CounterRandom.bits(keys[i], j))
                    k1[i] = CounterRandom.gaussian(CounterRandom.bits(keys[i], j + 1))
                }
            }
            cached.pointee = j
        }
        let norm = gain / ((1 - f) * (1 - f) + f * f).squareRoot()
        let a = (1 - f) * norm, b = f * norm
        for i in 0..<count { value[i] = a * k0[i] + b * k1[i] }
    }
}
