import Foundation
import Telemetry

/// Tables for tail-based trace sampling (`traces.keep_errors`, `traces.keep_slow_ms` with `traces.keep_slow`,
/// `traces.min_traces_per_minute`), built once per run when the scenario sets a tail policy.
///
/// A tail sampler (the OpenTelemetry Collector's `tail_sampling` processor, Jaeger's per-operation adaptive
/// sampling, Refinery's dynamic sampler) sees every finished trace and keeps it by policy. Simulating every
/// request to find the ones a policy keeps is out of the question, so the simulator draws the kept traces
/// directly: per row, entry service `s` and service `c`, the number of traces in which `c` fails (or is slow,
/// or is merely passed through) is Poisson with mean `requests(s) × visits(s → c) × P(condition at c) × keep`,
/// and each such trace is generated *conditioned* on it: a call path from `s` to `c` is drawn in proportion
/// to the calls it carries, every edge on it makes at least one call (the call count size-biased), and at `c`
/// the condition is imposed on the first call down the path; everything else in the trace is drawn as usual.
struct TailTables: Sendable {
    let keepErrors: Double
    let keepSlow: Double
    let slowMs: Double
    let floorPerMinute: Double
    let n: Int
    /// `visits[s · n + c]`: expected calls to `c` per request served at `s` (fan-out products summed over
    /// every path, retries not counted); `visits[s · n + s] = 1`.
    let visits: [Double]
    /// Incoming edges of service `c`: `inEdge[inStart[c] ..< inStart[c + 1]]` (edge indices).
    let inStart: [Int]
    let inEdge: [Int]
    /// Caller of each edge.
    let edgeCaller: [Int]
    /// Entry services (entry share above 0), by index.
    let entries: [Int]
    /// Services in call order (callers first).
    let order: [Int]

    init(settings t: Scenario.TraceSettings, order: [Int], edgeStart: [Int], edgeCallee: [Int], edgeFanOut: [Double], entryShare: [Double]) {
        keepErrors = t.keepErrors
        keepSlow = t.slowThresholdMs == nil ? 0 : t.keepSlow
        slowMs = t.slowThresholdMs ?? .infinity
        floorPerMinute = t.minTracesPerMinute
        let n = entryShare.count
        self.n = n
        self.order = order
        var caller = [Int](repeating: 0, count: edgeCallee.count)
        for s in 0..<n { for e in edgeStart[s]..<edgeStart[s + 1] { caller[e] = s } }
        edgeCaller = caller
        var counts = [Int](repeating: 0, count: n + 1)
        for c in edgeCallee { counts[c + 1] += 1 }
        for c in 0..<n { counts[c + 1] += counts[c] }
        var fill = counts
        var incoming = [Int](repeating: 0, count: edgeCallee.count)
        for e in edgeCallee.indices {
            incoming[fill[edgeCallee[e]]] = e
            fill[edgeCallee[e]] += 1
        }
        inStart = counts
        inEdge = incoming
        visits = Self.visits(n: n, order: order) { x, call in
            for e in edgeStart[x]..<edgeStart[x + 1] { call(edgeCallee[e], edgeFanOut[e]) }
        }
        entries = (0..<n).filter { entryShare[$0] > 0 }
    }

    /// `visits[s · n + c]`: expected calls to `c` per request served at `s`, fan-out products summed over every
    /// path (`calls(x, body)` calls `body(callee, fanOut)` for each edge of `x`; `order` puts callers first).
    /// Shared with `WorkEstimate`, which bounds the floor's traces before the world exists.
    static func visits(n: Int, order: [Int], calls: (Int, (Int, Double) -> Void) -> Void) -> [Double] {
        var v = [Double](repeating: 0, count: n * n)
        for s in 0..<n {
            v[s * n + s] = 1
            for x in order where v[s * n + x] > 0 {
                let from = v[s * n + x]
                calls(x) { c, fan in v[s * n + c] += from * fan }
            }
        }
        return v
    }

    /// The floor's extra traces through each service (`extra`), callers first: `target` less what reaches the
    /// service already (`have`, updated as the extra traces are added), reach taken as min(1, visits).
    static func fillFloor(
        target: Double, order: [Int], visits: [Double], n: Int, have: UnsafeMutablePointer<Double>, extra: UnsafeMutablePointer<Double>
    ) {
        for c in order {
            let x = max(0, target - have[c])
            guard x > 0 else { continue }
            extra[c] = x
            for d in 0..<n { have[d] += x * min(1, visits[c * n + d]) }
        }
    }

    /// Why a tail trace is kept: a failure at its target service, a slow span there, or the per-service floor.
    enum Reason: Int, CaseIterable { case error = 1, slow = 2, through = 3 }

    /// P(own time > `slowMs`) for a span whose own time is `mean × exp(0.5 z − 0.125)`, z standard normal.
    func slowProbability(ownMean: Double) -> Double {
        guard ownMean > 0, slowMs.isFinite else { return 0 }
        return 0.5 * erfc(slowThreshold(ownMean: ownMean) / 2.0.squareRoot())
    }

    /// The z above which the own-time draw exceeds `slowMs`.
    func slowThreshold(ownMean: Double) -> Double { (log(slowMs / ownMean) + 0.125) / 0.5 }

    /// A standard normal draw conditioned on exceeding `z0`, from one uniform `u` in [0, 1): inversion of the
    /// upper tail, `z = −Φ⁻¹((1 − u) · Q(z0))`.
    static func normalTail(above z0: Double, _ u: Double) -> Double {
        let q = 0.5 * erfc(z0 / 2.0.squareRoot())
        let p = max((1 - u) * q, 1e-300)
        return max(z0, -standardNormalQuantile(p))
    }
}

/// What a conditioned trace must contain: the call path from its root to the target (edge indices, root
/// first), why it is kept, and for a failure whether the call to the target is lost on the way (no server span).
struct TailCondition {
    var path: [Int]
    var reason: TailTables.Reason
    var lost: Bool
}

extension RecordEmitter {
    /// Appends row `row`'s tail-sampled traces (`truth` at the row's fields) to `out`, until the row's span
    /// budget (`out.count − rowStart < budget`) is spent. `scratch` holds 2n doubles.
    func tailTraces(
        _ tail: TailTables, row: Int, t0: Int64, truth: UnsafePointer<Double>, rowStart: Int, budget: Int,
        scratch: UnsafeMutablePointer<Double>, into out: inout [Span]
    ) {
        let n = world.serviceCount
        let step = Double(world.scenario.stepMs)
        let rate = world.scenario.traces.sampleRate
        func tr(_ f: TruthField, _ x: Int) -> Double { truth[f.rawValue * n + x] }
        // The floor: traces through each service per row that head sampling (and the floor's traces through
        // its callers) leave missing, callers first; reach(p → c) is taken as min(1, visits(p → c)).
        let have = scratch, extra = scratch + n
        for c in 0..<n { have[c] = 0; extra[c] = 0 }
        if tail.floorPerMinute > 0 {
            let target = tail.floorPerMinute * step / 60_000
            for s in tail.entries {
                let req = tr(.rate, s) * step / 1000 * rate
                for c in 0..<n { have[c] += req * min(1, tail.visits[s * n + c]) }
            }
            TailTables.fillFloor(target: target, order: tail.order, visits: tail.visits, n: n, have: have, extra: extra)
        }
        for c in 0..<n {
            var through = 0.0  // calls to c from all entries, to share the floor's traces among them
            if extra[c] > 0 { for s in tail.entries { through += tr(.rate, s) * tail.visits[s * n + c] } }
            let ownFail = tr(.ownError, c)
            let pSlow = tail.keepSlow > 0 ? tail.slowProbability(ownMean: tr(.ownLatency, c)) : 0
            for s in tail.entries {
                let v = tail.visits[s * n + c]
                guard v > 0 else { continue }
                let calls = tr(.rate, s) * step / 1000 * v
                let loss = s == c ? 0 : tr(.callLoss, c)
                let pFail = 1 - (1 - ownFail) * (1 - loss)
                for reason in TailTables.Reason.allCases {
                    let mean: Double
                    switch reason {
                    case .error: mean = calls * pFail * tail.keepErrors
                    case .slow: mean = calls * pSlow * tail.keepSlow
                    case .through: mean = through > 0 ? extra[c] * tr(.rate, s) * v / through : 0
                    }
                    guard mean > 0 else { continue }
                    let rowKey = CounterRandom.mix(
                        tailKey ^ UInt64(row) &* 0x2545_F491_4F6C_DD1D ^ UInt64(s * n + c) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(reason.rawValue))
                    let count = CounterRandom.poisson(min(mean, Double(budget)), CounterRandom.bits(rowKey, 0))
                    for k in 0..<count where out.count - rowStart < budget {
                        let tk = CounterRandom.mix(rowKey &+ UInt64(k + 1) &* SplitMix64.golden)
                        let traceId = Self.hex(CounterRandom.bits(tk, 0), digits: 16) + Self.hex(CounterRandom.bits(tk, 1), digits: 16)
                        var counter = 3
                        let path = samplePath(tail, from: s, to: c, key: tk, counter: &counter)
                        let lost = reason == .error && !path.isEmpty && CounterRandom.uniform(CounterRandom.bits(tk, 3)) * pFail < loss
                        let condition = TailCondition(path: path, reason: reason, lost: lost)
                        var spans = world.scenario.traces.maxSpans
                        let start = Double(t0) + CounterRandom.uniform(CounterRandom.bits(tk, 2)) * step
                        _ = walkTail(
                            s, start: start, parent: nil, traceId: traceId, key: tk, counter: &counter, budget: &spans, truth: truth,
                            depth: 0, condition: condition, into: &out)
                    }
                }
            }
        }
    }

    /// A call path from entry `s` down to `c` (edge indices, `s`'s edge first), drawn backwards from `c`:
    /// each step picks an incoming edge in proportion to the calls it carries from `s`.
    func samplePath(_ tail: TailTables, from s: Int, to c: Int, key: UInt64, counter: inout Int) -> [Int] {
        let n = tail.n
        var path: [Int] = []
        var x = c
        while x != s && path.count <= world.serviceCount {
            var total = 0.0
            for i in tail.inStart[x]..<tail.inStart[x + 1] {
                let e = tail.inEdge[i]
                total += tail.visits[s * n + tail.edgeCaller[e]] * world.edgeFanOut[e]
            }
            counter += 1
            var u = CounterRandom.uniform(CounterRandom.bits(key, counter)) * total
            var pick = -1
            for i in tail.inStart[x]..<tail.inStart[x + 1] {
                let e = tail.inEdge[i]
                let w = tail.visits[s * n + tail.edgeCaller[e]] * world.edgeFanOut[e]
                guard w > 0 else { continue }
                pick = e
                if u < w { break }
                u -= w
            }
            guard pick >= 0 else { break }
            path.append(pick)
            x = tail.edgeCaller[pick]
        }
        return path.reversed()
    }

    /// The trace walk of tail sampling, with errors consistent down the tree: a span fails when its service
    /// fails on its own (`TruthField.ownError`) or when a call it makes still fails after the edge's retries.
    /// A call fails when it is lost on the way (`TruthField.callLoss`: network loss or partition; no server
    /// span, the caller waits the edge's timeout), when the callee's span ends in error, or when it reaches
    /// the timeout. Timeouts propagate as deadlines (as gRPC's do): a call's deadline is its start plus the
    /// edge's timeout, or the caller's own deadline if earlier; a span that would end after its deadline ends
    /// there in error, and makes no call once its deadline has passed. So every span lies inside its parent.
    /// Each attempt of a retried call is a span of its own. On the path of `condition` (`depth` edges down it,
    /// -1 off it) the edge makes at least one call, the first continuing the path, and the target's first
    /// attempt meets the condition (unless a deadline cuts the trace short first). Returns the span's
    /// duration (ms) and whether it failed.
    func walkTail(
        _ s: Int, start: Double, parent: String?, traceId: String, key: UInt64, counter: inout Int, budget: inout Int,
        truth: UnsafePointer<Double>, depth: Int, condition: TailCondition?, deadline: Double = .infinity, into out: inout [Span]
    ) -> (Double, Bool) {
        let n = world.serviceCount
        func tr(_ f: TruthField, _ x: Int) -> Double { truth[f.rawValue * n + x] }
        let pathCount = condition?.path.count ?? -1
        let atTarget = depth >= 0 && depth == pathCount
        budget -= 1
        counter += 1
        let spanId = Self.hex(CounterRandom.bits(key, counter) | 1, digits: 16)
        counter += 1
        var own: Double
        if atTarget, condition?.reason == .slow, let tail = world.tail {
            let z = TailTables.normalTail(
                above: tail.slowThreshold(ownMean: tr(.ownLatency, s)), CounterRandom.uniform(CounterRandom.bits(key, counter)))
            own = tr(.ownLatency, s) * exp(0.5 * z - 0.125)
        } else {
            own = tr(.ownLatency, s) * exp(0.5 * CounterRandom.gaussian(CounterRandom.bits(key, counter)) - 0.125)
        }
        var cursor = start + own * 0.3
        var childTime = 0.0
        var callFailed = false
        let index = out.count
        out.append(
            Span(
                traceId: traceId, spanId: spanId, parentSpanId: parent, service: world.names[s], operation: "GET /api/\(world.names[s])",
                startMs: Int64(start.rounded(.down)), durationMs: 0, status: .ok))
        for e in world.edgeStart[s]..<world.edgeStart[s + 1] {
            let fan = world.edgeFanOut[e]
            let c = world.edgeCallee[e]
            let tau = world.edgeTimeoutMs[e]
            let forced = depth >= 0 && depth < pathCount && condition?.path[depth] == e
            counter += 1
            let u = CounterRandom.uniform(CounterRandom.bits(key, counter))
            let m = fan.rounded(.down)
            // On the path the call count is size-biased (P(k) ∝ k·P(k)): one more call with probability (m + 1)φ / fan.
            let calls = Int(m) + (u < (forced ? (m + 1) * (fan - m) / fan : fan - m) ? 1 : 0)
            for j in 0..<calls where budget > 0 && cursor < deadline {
                var spent = 0.0
                for attempt in 0...world.edgeRetries[e] where budget > 0 {
                    let callStart = cursor + spent
                    guard callStart < deadline else {
                        callFailed = true  // the caller's own deadline passed: no more attempts
                        break
                    }
                    let wait = min(tau, deadline - callStart)
                    let leads = forced && j == 0 && attempt == 0
                    let toTarget = leads && depth + 1 == pathCount
                    counter += 1
                    let lost =
                        toTarget && condition?.reason == .error
                        ? (condition?.lost ?? false) : CounterRandom.uniform(CounterRandom.bits(key, counter)) < tr(.callLoss, c)
                    var failed = true
                    if lost {
                        spent += wait
                    } else {
                        let (d, childFailed) = walkTail(
                            c, start: callStart, parent: spanId, traceId: traceId, key: key, counter: &counter, budget: &budget,
                            truth: truth, depth: leads ? depth + 1 : -1, condition: leads ? condition : nil, deadline: callStart + wait,
                            into: &out)
                        spent += min(d, wait)
                        failed = childFailed
                    }
                    if !failed { break }
                    if attempt == world.edgeRetries[e] { callFailed = true }
                }
                cursor += spent
                childTime += spent
            }
        }
        counter += 1
        let ownFailed =
            atTarget && condition?.reason == .error ? true : CounterRandom.uniform(CounterRandom.bits(key, counter)) < tr(.ownError, s)
        var duration = own + childTime
        var failed = ownFailed || callFailed
        if start + duration > deadline {  // deadline exceeded: the span ends at its deadline, in error
            duration = max(0, deadline - start)
            failed = true
        }
        out[index].durationMs = duration
        out[index].status = failed ? .error : .ok
        return (duration, failed)
    }
}
