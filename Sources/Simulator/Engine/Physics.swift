import Foundation

/// The per-row model of the world: workload → load down the call graph → queueing → latency,
/// errors, resources. A pure function of (world, row, excluded fault), so rows can be computed in
/// any order, on any thread, and recomputed for a counterfactual.
///
/// Model, per row and service `s` (see `Scenarios/README.md` for the prose version):
/// - load λ_s = entry share · entry rate + Σ_callers λ_caller · fan-out · (1 + q + … + q^retries) · (1 − partition_s),
///   where q is the per-attempt failure probability of the call (errors, timeouts);
/// - servers c = replicas · workers; service time S inflated by CPU contention on the host, GC overhead and faults;
///   utilisation ρ = λS/c; waiting time by Sakasegawa's M/M/c approximation W = S·ρ^√(2(c+1)) / (c(1−ρ));
///   above ρ = 0.97 the excess is shed as errors;
/// - latency T_s = S + W + Σ_edges fan-out · attempts · min(T_callee + delay, timeout) (+ pool wait);
/// - error ratio 1 − (1 − own)(1 − shed)(1 − pool)·Π_edges (1 − q^(retries+1))^fan-out;
/// - in-flight = λ·T (Little's law), CPU from busy workers plus hogs, memory flat with steps (`Variability`).
/// Two passes resolve the retry feedback (the second only when retries can matter).
/// The written series then get the world's variability (`Variability`: smooth components at 1 min to
/// 1 h, background CPU, latency spikes, error counts drawn per row); the truth fields stay noise-free.
struct Physics {
    let w: World
    /// The world's variability at every time scale (evaluated once per row in `compute`).
    let vary: Variability
    /// Owner of every buffer below (freed when the last copy of this `Physics` goes).
    let arena: PhysicsArena
    // Scratch and read-only mirrors of the world, as raw pointers: the hot loops run without
    // bounds checks, uniqueness checks or reference counting. Each one is carved out of `arena`
    // in `init`, where its length is stated.
    let load: UnsafeMutablePointer<Double>, own: UnsafeMutablePointer<Double>, total: UnsafeMutablePointer<Double>,
        down: UnsafeMutablePointer<Double>, err: UnsafeMutablePointer<Double>, shed: UnsafeMutablePointer<Double>,
        svcMult: UnsafeMutablePointer<Double>, svcAdd: UnsafeMutablePointer<Double>, ownErr: UnsafeMutablePointer<Double>,
        capFactor: UnsafeMutablePointer<Double>, hog: UnsafeMutablePointer<Double>, memExtra: UnsafeMutablePointer<Double>,
        diskExtra: UnsafeMutablePointer<Double>, poolFactor: UnsafeMutablePointer<Double>
    let partition: UnsafeMutablePointer<Double>, netDelay: UnsafeMutablePointer<Double>, netLoss: UnsafeMutablePointer<Double>,
        extraLoad: UnsafeMutablePointer<Double>, replicaAdd: UnsafeMutablePointer<Double>, entryMult: UnsafeMutablePointer<Double>,
        busy: UnsafeMutablePointer<Double>, cores: UnsafeMutablePointer<Double>, memFrac: UnsafeMutablePointer<Double>,
        poolRaw: UnsafeMutablePointer<Double>, poolWait: UnsafeMutablePointer<Double>, effS: UnsafeMutablePointer<Double>,
        hostUtil: UnsafeMutablePointer<Double>, hostMem: UnsafeMutablePointer<Double>, hostMemCapacity: UnsafeMutablePointer<Double>,
        inverseHostCores: UnsafeMutablePointer<Double>, qEdge: UnsafeMutablePointer<Double>, edgeFanOut: UnsafeMutablePointer<Double>,
        edgeTimeoutMs: UnsafeMutablePointer<Double>, replicas: UnsafeMutablePointer<Double>, workers: UnsafeMutablePointer<Double>,
        serviceTimeMs: UnsafeMutablePointer<Double>, entryShare: UnsafeMutablePointer<Double>, memLimitBytes: UnsafeMutablePointer<Double>,
        poolSize: UnsafeMutablePointer<Double>, baseError: UnsafeMutablePointer<Double>, memBase: UnsafeMutablePointer<Double>,
        gcPeriodMs: UnsafeMutablePointer<Double>, diskBase: UnsafeMutablePointer<Double>, placementShare: UnsafeMutablePointer<Double>
    /// Failure probability of each call and error ratio of each service from the static propagation in `resolve`.
    let qStatic: UnsafeMutablePointer<Double>, staticErr: UnsafeMutablePointer<Double>
    /// The inputs `qStatic` and `staticErr` were computed from (`ownErr`, `netLoss`, `partition`,
    /// n each), valid once `staticValid`.
    let staticInputs: UnsafeMutablePointer<Double>
    var staticValid = false
    /// Per service: the probability a request fails there and not in a call it makes (own errors, shedding,
    /// pool exhaustion), for the traces' tail sampling (`TruthField.ownError`).
    let selfFail: UnsafeMutablePointer<Double>
    let order: UnsafeMutablePointer<Int>, level: UnsafeMutablePointer<Int>, edgeStart: UnsafeMutablePointer<Int>,
        placementStart: UnsafeMutablePointer<Int>, edgeCallee: UnsafeMutablePointer<Int>, edgeRetries: UnsafeMutablePointer<Int>,
        placementHost: UnsafeMutablePointer<Int>

    init(world: World) {
        w = world
        // n services, h hosts, e call edges, p placements (service × host).
        let n = world.serviceCount, h = world.hostNames.count, e = world.edgeCallee.count, p = world.placementHost.count
        let a = PhysicsArena()
        arena = a
        // Scratch, zeroed (the order of the calls is the memory layout: hot buffers side by side).
        load = a.doubles(n)
        own = a.doubles(n)
        total = a.doubles(n)
        down = a.doubles(n)
        err = a.doubles(n)
        shed = a.doubles(n)
        svcMult = a.doubles(n)
        svcAdd = a.doubles(n)
        ownErr = a.doubles(n)
        capFactor = a.doubles(n)
        hog = a.doubles(n)
        memExtra = a.doubles(n)
        diskExtra = a.doubles(n)
        poolFactor = a.doubles(n)
        partition = a.doubles(n)
        netDelay = a.doubles(n)
        netLoss = a.doubles(n)
        extraLoad = a.doubles(n)
        replicaAdd = a.doubles(n)
        entryMult = a.doubles(n)
        busy = a.doubles(n)
        cores = a.doubles(n)
        memFrac = a.doubles(n)
        poolRaw = a.doubles(n)
        poolWait = a.doubles(n)
        effS = a.doubles(n)
        hostUtil = a.doubles(h)
        hostMem = a.doubles(h)
        hostMemCapacity = a.doubles(h)
        // Read-only mirrors of the world: `count` is checked against the source array.
        inverseHostCores = a.doubles(h, copying: world.hostCores.map { 1 / $0 })
        qEdge = a.doubles(e)
        edgeFanOut = a.doubles(e, copying: world.edgeFanOut)
        edgeTimeoutMs = a.doubles(e, copying: world.edgeTimeoutMs)
        replicas = a.doubles(n, copying: world.replicas)
        workers = a.doubles(n, copying: world.workers)
        serviceTimeMs = a.doubles(n, copying: world.serviceTimeMs)
        entryShare = a.doubles(n, copying: world.entryShare)
        memLimitBytes = a.doubles(n, copying: world.memLimitBytes)
        poolSize = a.doubles(n, copying: world.poolSize)
        baseError = a.doubles(n, copying: world.baseError)
        memBase = a.doubles(n, copying: world.memBase)
        gcPeriodMs = a.doubles(n, copying: world.gcPeriodMs)  // heap-step cadence (`Variability.Memory`)
        diskBase = a.doubles(n, copying: world.diskBase)
        placementShare = a.doubles(p, copying: world.placementShare)
        qStatic = a.doubles(e)
        staticErr = a.doubles(n)
        staticInputs = a.doubles(3 * n)
        selfFail = a.doubles(n)
        order = a.ints(n, copying: world.order)
        level = a.ints(n)
        edgeStart = a.ints(n + 1, copying: world.edgeStart)
        placementStart = a.ints(n + 1, copying: world.placementStart)
        edgeCallee = a.ints(e, copying: world.edgeCallee)
        edgeRetries = a.ints(e, copying: world.edgeRetries)
        placementHost = a.ints(p, copying: world.placementHost)
        for s in 0..<n {
            for q in world.placementStart[s]..<world.placementStart[s + 1] {
                hostMemCapacity[world.placementHost[q]] += world.memLimitBytes[s] * world.placementShare[q] * 1.6
            }
        }
        vary = Variability(world: world, arena: a)
    }

    static let dayMs = 86_400_000.0

    /// Entry traffic (requests/s, all entries together) at `t` ms after the run start, before
    /// campaigns. Includes the heavy-tailed noise of row `row`.
    func entryRate(t: Double, row: Int) -> Double {
        let wl = w.scenario.workload
        let abs = Double(w.scenario.startMs) + t
        let hour = (abs / 3_600_000).truncatingRemainder(dividingBy: 24)
        let daily = 1 + wl.dailyAmplitude * sin(2 * Double.pi * (hour - 9) / 24)
        let dayPos = (abs / Self.dayMs + 3).truncatingRemainder(dividingBy: 7)  // days since Monday 00:00
        let weekly = 1 + wl.weeklyAmplitude * cos(2 * Double.pi * (dayPos - 2.5) / 7)
        let trend = max(0.05, 1 + wl.trendPerDay * t / Self.dayMs)
        var burst = 1.0
        for b in wl.bursts {
            let s = Double(b.startMs), d = Double(b.durationMs)
            if t >= s && t < s + d { burst *= 1 + (b.factor - 1) * sin(Double.pi * (t - s) / d) }
        }
        let bits = CounterRandom.bits(w.trafficKey, row)
        var z = CounterRandom.gaussian(bits)
        if (bits >> 58) == 0 { z *= 3 }  // 1 in 64 rows: heavy tail
        let sigma = wl.noise
        // White heavy-tailed part of the row times the smooth 1 min / 5 min / 1 h traffic components.
        let white = sigma * z - sigma * sigma / 2
        let noise = exp(white + vary.traffic[0])
        // Memory follows the traffic only at 5 minutes and slower: its load term leaves these parts out.
        vary.memoryLoadScale[0] = exp(-(white + vary.traffic[1]))
        return max(0.01, wl.entryRate * daily * weekly * trend * burst * noise)
    }

    /// Resets modifiers and applies benign changes active at `t` and faults active at `faultTime`
    /// (fault `exclude` left out).
    mutating func applyChanges(t: Double, faultTime: Double, exclude: Int) {
        let n = w.serviceCount
        for s in 0..<n {
            svcMult[s] = 1; svcAdd[s] = 0; ownErr[s] = baseError[s]; capFactor[s] = 1; hog[s] = 0
            memExtra[s] = 0; diskExtra[s] = 0; poolFactor[s] = 1; partition[s] = 0; netDelay[s] = 0
            netLoss[s] = 0; extraLoad[s] = 0; replicaAdd[s] = 0; entryMult[s] = 1
        }
        for b in w.benign {
            if b.spec.kind == .memoryStepDeploy {  // persists after its window
                if b.target >= 0 && t >= b.startMs {
                    memExtra[b.target] += b.spec.factor * min(1, (t - b.startMs) / max(1, b.endMs - b.startMs))
                }
                continue
            }
            var start = b.startMs, end = b.endMs
            if b.spec.daily && t >= b.startMs {
                let k = ((t - b.startMs) / Self.dayMs).rounded(.down)
                start += k * Self.dayMs
                end += k * Self.dayMs
            }
            guard t >= start && t < end else { continue }
            let tau = t - start, len = end - start
            switch b.spec.kind {
            case .deploy:
                if b.target >= 0 { capFactor[b.target] *= 1 - 0.5 / replicas[b.target] }
            case .scaleOut:
                if b.target >= 0 { replicaAdd[b.target] += b.spec.factor }
            case .trafficCampaign:
                let ramp = min(600_000, len / 4)
                let env = min(1, tau / ramp, (len - tau) / ramp)
                let m = 1 + (b.spec.factor - 1) * max(0, env)
                for s in 0..<n where b.target < 0 || b.target == s { entryMult[s] *= m }
            case .failover:
                let ramp = min(120_000, len / 4)
                let moved = b.spec.factor * max(0, min(1, tau / ramp))
                guard b.target >= 0 else { break }
                let drained = entryShare[b.target] * moved
                let others = 1 - entryShare[b.target]
                for s in 0..<n where entryShare[s] > 0 {
                    if s == b.target { entryMult[s] *= 1 - moved } else if others > 0 { entryMult[s] *= 1 + drained / others }
                }
            case .batchJob:
                if b.target >= 0 {
                    let cap = replicas[b.target] * workers[b.target] * 1000 / serviceTimeMs[b.target]
                    extraLoad[b.target] += b.spec.factor * cap
                }
            case .cacheWarmup:
                if b.target >= 0 { memExtra[b.target] += b.spec.factor * (1 - exp(-3 * tau / len)) }
            case .diskBatch:
                if b.target >= 0 { diskExtra[b.target] += b.spec.factor * (tau < 0.8 * len ? tau / (0.8 * len) : (len - tau) / (0.2 * len)) }
            case .memoryStepDeploy:
                break
            }
        }
        let t = faultTime
        for f in w.faults where f.index != exclude {
            guard t >= f.startMs && t < f.endMs else { continue }
            let tau = t - f.startMs, len = f.endMs - f.startMs
            let env = f.rampMs > 0 ? min(1, tau / f.rampMs) : 1
            let i = f.intensity * env
            let s = f.target
            switch f.spec.kind {
            case .cpuHog:
                hog[s] += i * 1.5 * replicas[s]
                svcMult[s] *= 1 / (1 - 0.75 * i)
            case .memoryLeak:
                // Reaches the limit (OOM kills) over the last tenth or so of the fault, whatever the steps.
                memExtra[s] += (1 - memBase[s]) * f.intensity * pow(tau / len, 1.5)
            case .memoryStress:
                memExtra[s] += 0.5 * i
            case .diskFill:
                diskExtra[s] += (1 - diskBase[s]) * f.intensity * pow(tau / len, 1.2)
            case .diskIOLatency:
                svcAdd[s] += 60 * i
            case .networkDelay:
                netDelay[s] += 400 * i
            case .networkLoss:
                netLoss[s] += 0.35 * i
                netDelay[s] += 120 * i
            case .networkPartition:
                partition[s] = max(partition[s], i)
            case .podKill:
                let killed = max(1, (f.intensity * replicas[s]).rounded())
                capFactor[s] *= max(0.05, 1 - killed / replicas[s])
                if tau < Double(w.scenario.stepMs) { ownErr[s] += 0.3 * killed / replicas[s] }
            case .crashLoop:
                capFactor[s] *= max(0.05, 1 - 0.7 * i)
                ownErr[s] += 0.15 * i
            case .dependencyOutage:
                ownErr[s] += 0.98 * i
                svcMult[s] *= 0.3
            case .badDeploy:
                ownErr[s] += 0.3 * i * min(1, tau / max(1, len / 3))
            case .configRegression:
                svcMult[s] *= 1 + 3 * i
            case .connectionPoolExhaustion:
                poolFactor[s] *= max(0.01, 1 - 0.98 * i)
            case .connectionLeak:
                poolFactor[s] *= max(0.01, 1 - 0.98 * f.intensity * pow(tau / len, 1.5))
            }
        }
    }

    /// Computes row `row` (time `t` ms after the run start) and writes every series of the row into
    /// `out[0 ..< seriesCount]` (column order of `MetricCatalog`) and the truth fields into
    /// `truth[field · services + service]`. Counters get the per-row increment.
    mutating func compute(t: Double, row: Int, exclude: Int, out: UnsafeMutablePointer<Double>, truth: UnsafeMutablePointer<Double>) {
        // Propagation delay: a service `h` call hops above a fault's target sees the world as it
        // was `h · hopDelay` earlier (as far as faults go), so effects reach callers hop by hop.
        let n = w.serviceCount
        var maxLevel = 0
        for s in 0..<n { level[s] = Int.max }
        for f in w.faults where f.index != exclude {
            guard t >= f.startMs && t < f.endMs + Double(w.maxHops) * World.hopDelayMs else { continue }
            let hops = w.faultHops[f.index]
            for s in 0..<n where hops[s] >= 0 && hops[s] < level[s] { level[s] = hops[s] }
        }
        for s in 0..<n {
            if level[s] == Int.max { level[s] = 0 }
            maxLevel = max(maxLevel, level[s])
        }
        vary.evaluate(t: t, row: row)
        for h in 0..<w.hostNames.count { vary.hostBackground[h] = 0 }
        for s in 0..<n {
            for p in placementStart[s]..<placementStart[s + 1] {
                vary.hostBackground[placementHost[p]] += vary.cpuBackground[s] * vary.placementBackground[p]
            }
        }
        let entry = entryRate(t: t, row: row)
        for lv in 0...maxLevel {
            var used = lv == 0
            for s in 0..<n where level[s] == lv { used = true; break }
            guard used else { continue }
            applyChanges(t: t, faultTime: t - Double(lv) * World.hopDelayMs, exclude: exclude)
            resolve(t: t, entry: entry)
            write(t: t, level: lv, out: out, truth: truth)
        }
    }

    /// Solves the row: one pass with the failure probabilities of a static error propagation, and a
    /// second pass when the first one changed any call's failure probability enough to move the
    /// retry load (`retries · |Δq| > 10⁻⁶`: shedding, pool exhaustion, timeouts, OOM, full disks).
    /// In a healthy row the static estimate is exactly what the pass computes, so one pass is the
    /// fixed point.
    mutating func resolve(t: Double, entry: Double) {
        staticPropagation()
        solve(t: t, entry: entry)
        for e in 0..<w.edgeCallee.count where Double(edgeRetries[e]) * abs(qEdge[e] - qStatic[e]) > 1e-6 {
            solve(t: t, entry: entry)
            break
        }
    }

    /// Static propagation, callees first: own errors, network loss and partitions, retried. A pure
    /// function of `ownErr`, `netLoss` and `partition`, which stay the same from row to row while no
    /// fault or change touches them: then the previous row's result is used again (`staticInputs`).
    mutating func staticPropagation() {
        let n = w.serviceCount
        var same = staticValid
        if same {
            for s in 0..<n
            where staticInputs[s].bitPattern != ownErr[s].bitPattern || staticInputs[n + s].bitPattern != netLoss[s].bitPattern
                || staticInputs[2 * n + s].bitPattern != partition[s].bitPattern
            {
                same = false
                break
            }
        }
        if same {
            for e in 0..<w.edgeCallee.count { qEdge[e] = qStatic[e] }
            return
        }
        for s in 0..<n {
            staticInputs[s] = ownErr[s]
            staticInputs[n + s] = netLoss[s]
            staticInputs[2 * n + s] = partition[s]
        }
        staticValid = true
        for k in stride(from: w.serviceCount - 1, through: 0, by: -1) {
            let s = order[k]
            var ok = 1.0
            for e in edgeStart[s]..<edgeStart[s + 1] {
                let c = edgeCallee[e]
                let q = min(0.999, 1 - (1 - staticErr[c]) * (1 - netLoss[c]) * (1 - partition[c]))
                qEdge[e] = q
                qStatic[e] = q
                var p = 1.0
                for _ in 0..<edgeRetries[e] { p *= q }
                let fail = p * q
                let fan = edgeFanOut[e]
                ok *= fan == 1 ? (1 - fail) : (fail < 1e-4 ? 1 - fan * fail : FastMath.pow(1 - fail, fan))
            }
            staticErr[s] = min(1, max(0, 1 - (1 - min(1, ownErr[s])) * ok))
        }
    }

    /// Writes the outputs of services at propagation level `level` (and hosts at level 0).
    mutating func write(t: Double, level lv: Int, out: UnsafeMutablePointer<Double>, truth: UnsafeMutablePointer<Double>) {
        let n = w.serviceCount
        let stepS = Double(w.scenario.stepMs) / 1000
        let M = ServiceMetric.count
        let diskDrift = 0.01 * t / Self.dayMs
        for s in 0..<n where level[s] == lv {
            let base = s * M
            let lam = load[s]
            let o = own[s] + poolWait[s]
            let T = total[s]
            let dn = T - o
            let reps = (replicas[s] + replicaAdd[s]) * capFactor[s]
            let cpu = min(1, (busy[s] * World.coresPerBusyWorker + hog[s]) / max(1e-9, reps * workers[s] * World.coresPerBusyWorker))
            var disk = diskBase[s] + diskDrift + diskExtra[s]
            disk = min(1, disk)
            var calls = 0.0
            for e in edgeStart[s]..<edgeStart[s + 1] { calls += edgeFanOut[e] }
            func put(_ m: ServiceMetric, _ v: Double) { out[base &+ m.rawValue] = v }
            // Requests and errors as counts: the row's requests rounded stochastically, its errors
            // Binomial(requests, p) with p over-dispersed and raised by transient bursts.
            let rate = lam * vary.rateMult[s]
            let bits = vary.countBits[s]
            // Rounding uses the draw's low 11 bits, which the inversion's uniform (the top 53) leaves out.
            let requests = Int(rate * stepS + Double(bits & 0x7FF) * 0x1.0p-11)
            let p = min(1, err[s] * vary.errorMult[s] + vary.errorBurst[s])
            let errors = CounterRandom.binomial(requests, p, bits)
            let lat = vary.latencyMult[s]
            put(.requestsPerSecond, rate)
            put(.requestsTotal, Double(requests))
            put(.errorsTotal, Double(errors))
            put(.errorRatio, requests > 0 ? Double(errors) / Double(requests) : 0)
            put(.latencyMean, T * lat)
            put(.latencyP50, (0.69 * o + 0.9 * dn) * lat)
            put(.latencyP95, (3.0 * o + 1.6 * dn) * vary.p95Mult[s])
            put(.latencyP99, (4.6 * o + 2.4 * dn) * vary.p99Mult[s])
            put(.inflight, lam * T * 0.001 * vary.inflightMult[s])
            put(.cpuUtil, min(1, cpu * vary.cpuLoadMult[s] + vary.cpuBackground[s]))
            put(.memoryBytes, memFrac[s] * memLimitBytes[s])
            put(.poolUtil, min(1, poolRaw[s] * vary.poolMult[s]))
            put(.diskUtil, disk)
            put(.networkBytesPerSecond, (lam * 2048 * (1 + 3 * netLoss[s]) + lam * calls * 1024) * vary.netMult[s])
            func tr(_ f: TruthField, _ v: Double) { truth[f.rawValue &* n &+ s] = v }
            tr(.rate, lam)
            tr(.errorRatio, err[s])
            tr(.latencyMean, T)
            tr(.latencyP99, 4.6 * o + 2.4 * dn)
            tr(.ownLatency, o)
            tr(.poolUtil, poolRaw[s])
            tr(.memoryFraction, memFrac[s])
            tr(.diskFraction, disk)
            tr(.restarts, 0)
            tr(.ownError, selfFail[s])
            tr(.callLoss, 1 - (1 - netLoss[s]) * (1 - partition[s]))
        }
        guard lv == 0 else { return }
        let hb = n * M
        for h in 0..<w.hostNames.count {
            out[hb + h * HostMetric.count + HostMetric.cpuUtil.rawValue] = min(1, hostUtil[h] * vary.hostMult[h] + vary.hostBackground[h])
            out[hb + h * HostMetric.count + HostMetric.memoryUtil.rawValue] = min(1, hostMem[h] / max(1, hostMemCapacity[h]))
        }
    }

    /// One pass of load propagation, queueing and latency/error resolution.
    mutating func solve(t: Double, entry: Double) {
        let n = w.serviceCount
        for s in 0..<n { load[s] = entry * entryShare[s] * entryMult[s] + extraLoad[s] }
        for k in 0..<w.serviceCount {
            let s = order[k]
            let lam = load[s]
            for e in edgeStart[s]..<edgeStart[s + 1] {
                let c = edgeCallee[e]
                let q = qEdge[e]
                var attempts = 1.0, p = 1.0
                for _ in 0..<edgeRetries[e] { p *= q; attempts += p }
                load[c] += lam * edgeFanOut[e] * attempts * (1 - partition[c])
            }
        }
        for h in 0..<w.hostNames.count { hostUtil[h] = 0; hostMem[h] = 0 }
        for s in 0..<n {
            let reps = (replicas[s] + replicaAdd[s]) * capFactor[s]
            let c = reps * workers[s]
            let sv = serviceTimeMs[s] * svcMult[s] + svcAdd[s]
            effS[s] = sv
            busy[s] = min(load[s] * sv * 0.001, c)
            cores[s] = busy[s] * World.coresPerBusyWorker + hog[s]
            let rho = min(1, load[s] * serviceTimeMs[s] * 0.001 / max(1e-9, c))
            // Flat with steps: base, a slow load term, warm-up after restarts and heap/cache steps, faults.
            memFrac[s] = min(1, memBase[s] + 0.1 * rho * vary.memoryLoadScale[0] + vary.memoryStep[s] + memExtra[s])
            for p in placementStart[s]..<placementStart[s + 1] {
                let h = placementHost[p]
                hostUtil[h] += cores[s] * placementShare[p] * inverseHostCores[h]
                hostMem[h] += memFrac[s] * memLimitBytes[s] * placementShare[p]
            }
        }
        for s in 0..<n {
            var contention = 0.0
            for p in placementStart[s]..<placementStart[s + 1] {
                let u = max(0, hostUtil[placementHost[p]] - 0.6)
                contention += (1 + 4 * u * u) * placementShare[p]
            }
            let gc = 1 + 40 * max(0, memFrac[s] - 0.85)
            let sv = effS[s] * contention * gc
            effS[s] = sv
            let c = max(1e-9, (replicas[s] + replicaAdd[s]) * capFactor[s] * workers[s])
            let invC = 1 / c
            let rho = load[s] * sv * 0.001 * invC
            let cap = 0.97
            let rr = min(rho, cap)
            let wq = sv * FastMath.pow(rr, (2 * (c + 1)).squareRoot()) * invC / (1 - rr)
            shed[s] = rho > cap ? 1 - cap / rho : 0
            own[s] = sv + wq
        }
        for k in stride(from: w.serviceCount - 1, through: 0, by: -1) {
            let s = order[k]
            var dn = 0.0, ok = 1.0
            for e in edgeStart[s]..<edgeStart[s + 1] {
                let c = edgeCallee[e]
                let tau = edgeTimeoutMs[e]
                let callT = total[c] + netDelay[c]
                let pTimeout = callT * 20 > tau ? FastMath.exp(-tau / callT) : 0
                let q = min(0.999, 1 - (1 - err[c]) * (1 - pTimeout) * (1 - netLoss[c]) * (1 - partition[c]))
                qEdge[e] = q
                var attempts = 1.0, p = 1.0
                for _ in 0..<edgeRetries[e] { p *= q; attempts += p }
                let fail = p * q
                let callTime = (1 - partition[c]) * min(callT, tau) + partition[c] * tau
                dn += edgeFanOut[e] * attempts * callTime
                let fan = edgeFanOut[e]
                ok *= fan == 1 ? (1 - fail) : (fail < 1e-4 ? 1 - fan * fail : FastMath.pow(1 - fail, fan))
            }
            down[s] = dn
            var poolErr = 0.0, wait = 0.0
            if edgeStart[s + 1] > edgeStart[s] {
                let capacity = max(1, poolSize[s] * poolFactor[s] * capFactor[s])
                let raw = load[s] * dn / 1000 / capacity
                poolRaw[s] = raw
                if raw > 0.8 { wait = min(2000, 50 * (raw - 0.8) / 0.2) }
                if raw > 1 { poolErr = 1 - 1 / raw }
            } else {
                poolRaw[s] = 0
            }
            poolWait[s] = wait
            var oe = ownErr[s]
            if memFrac[s] >= 0.995 { oe += 0.25 }  // OOM kills
            let disk = diskBase[s] + 0.01 * t / Self.dayMs + diskExtra[s]
            if disk > 0.95 { oe += min(1, (disk - 0.95) / 0.05) * 0.6 }
            oe = min(1, oe)
            total[s] = own[s] + wait + dn
            selfFail[s] = 1 - (1 - oe) * (1 - shed[s]) * (1 - poolErr)
            err[s] = min(1, max(0, 1 - (1 - oe) * (1 - shed[s]) * (1 - poolErr) * ok))
        }
    }
}

/// Owns the raw buffers of one `Physics` (one worker's scratch space): a bump allocator that
/// carves typed, aligned, initialised buffers out of large blocks and frees them all at once in
/// `deinit`. A buffer never straddles two blocks; a request that does not fit the current block
/// opens a new one of at least twice the size (a `Physics` of the built-in scenarios fits the first).
/// The pointers handed out are valid for the arena's lifetime, so keep the arena alive alongside them.
final class PhysicsArena {
    /// Alignment of every block (a cache line); each buffer is aligned to its element type.
    static let blockAlignment = 64
    private var blocks: [UnsafeMutableRawPointer] = []
    private var next: UnsafeMutableRawPointer
    private var remaining: Int
    private var lastBlockBytes: Int

    init(blockBytes: Int = 1 << 16) {
        precondition(blockBytes > 0, "PhysicsArena: block size must be positive")
        next = .allocate(byteCount: blockBytes, alignment: Self.blockAlignment)
        blocks.append(next)
        remaining = blockBytes
        lastBlockBytes = blockBytes
    }

    deinit {
        for b in blocks { b.deallocate() }
    }

    /// Number of blocks allocated so far (1 unless a request overflowed the first).
    var blockCount: Int { blocks.count }

    /// `count` zeros.
    func doubles(_ count: Int) -> UnsafeMutablePointer<Double> {
        carve(Double.self, count).initializeMemory(as: Double.self, repeating: 0, count: count)
    }
    /// `count` zeros.
    func ints(_ count: Int) -> UnsafeMutablePointer<Int> {
        carve(Int.self, count).initializeMemory(as: Int.self, repeating: 0, count: count)
    }
    /// A copy of `source`, which must hold exactly `count` elements.
    func doubles(_ count: Int, copying source: [Double]) -> UnsafeMutablePointer<Double> { copy(source, count) }
    /// A copy of `source`, which must hold exactly `count` elements.
    func ints(_ count: Int, copying source: [Int]) -> UnsafeMutablePointer<Int> { copy(source, count) }
    /// A copy of `source`, which must hold exactly `count` elements.
    func uint64s(_ count: Int, copying source: [UInt64]) -> UnsafeMutablePointer<UInt64> { copy(source, count) }

    private func copy<T>(_ source: [T], _ count: Int) -> UnsafeMutablePointer<T> {
        precondition(source.count == count, "PhysicsArena: \(source.count) values for a buffer of \(count)")
        let raw = carve(T.self, count)
        return source.withUnsafeBufferPointer { src in
            guard let base = src.baseAddress else { return raw.bindMemory(to: T.self, capacity: 0) }
            return raw.initializeMemory(as: T.self, from: base, count: count)
        }
    }

    /// Uninitialised room for `count` values of `T`, aligned for `T`.
    private func carve<T>(_: T.Type, _ count: Int) -> UnsafeMutableRawPointer {
        precondition(count >= 0, "PhysicsArena: negative count \(count)")
        let alignment = MemoryLayout<T>.alignment
        let bytes = MemoryLayout<T>.stride * count
        var pad = (alignment - Int(bitPattern: next) % alignment) % alignment
        if pad + bytes > remaining {
            // Blocks are aligned to `blockAlignment` ≥ any alignment asked for here, so no padding is needed.
            precondition(alignment <= Self.blockAlignment, "PhysicsArena: alignment \(alignment) not supported")
            lastBlockBytes = max(2 * lastBlockBytes, bytes)
            next = .allocate(byteCount: lastBlockBytes, alignment: Self.blockAlignment)
            blocks.append(next)
            remaining = lastBlockBytes
            pad = 0
        }
        let start = next + pad
        next = start + bytes
        remaining -= pad + bytes
        return start
    }
}
