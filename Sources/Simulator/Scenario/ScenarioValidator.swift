import Foundation
import Telemetry

/// Whole-scenario checks run after reading: graph generation, names, cycles, fault placement.
enum ScenarioValidator {
    /// Minimum quiet time after a fault before another non-compound fault may start, so effect
    /// windows in the ground truth do not mix.
    static let recoveryGapMs: Int64 = 10 * 60_000

    /// Checks `s` as a whole (after reading and the command-line overrides) and puts its faults and
    /// changes in start order.
    ///
    /// - Parameters:
    ///   - locate: the line and column of a key path in the source document, when there is one.
    /// - Throws: `ScenarioError` naming the key path (and its line when `locate` knows it).
    static func validate(_ s: inout Scenario, source: String, locate: (String) -> (line: Int?, column: Int?)? = { _ in nil }) throws {
        typealias L = ScenarioLimits
        func fail(_ path: String, _ msg: String, hint: String? = nil) -> ScenarioError {
            let at = locate(path)
            return ScenarioError(source: source, line: at?.line, column: at?.column, keyPath: path, message: msg, hint: hint)
        }
        guard s.stepMs >= L.minStepMs, s.stepMs <= L.maxStepMs else {
            throw fail("step", "step must be between 1s and 1d, found \(s.stepMs) ms", hint: L.readme)
        }
        guard s.durationMs <= L.maxDurationMs else { throw fail("duration", "duration is limited to 366 days", hint: L.readme) }
        guard s.durationMs >= 2 * s.stepMs else { throw fail("duration", "duration must cover at least two steps") }
        if let g = s.generated { try generate(g, into: &s, source: source) }
        guard !s.services.isEmpty else { throw fail("services", "a scenario needs at least one service") }
        let names = s.services.map(\.name)
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        func unknown(_ name: String, _ path: String) -> ScenarioError {
            var hint: String?
            if let near = NearestName.suggest(name, among: names) { hint = "did you mean '\(near)'?" }
            return fail(path, "unknown service '\(name)'", hint: hint)
        }
        guard s.services.contains(where: { $0.entryShare > 0 }) else {
            throw fail("services", "no entry service: give at least one service an entry_share above 0")
        }
        // Hosts and services share one namespace in a dataset (series ids are `<entity>/<metric>`).
        var hostNames = Set<String>()
        for (i, sv) in s.services.enumerated() {
            for (j, h) in sv.hosts.enumerated() {
                if index[h] != nil {
                    throw fail(
                        "services[\(i)].hosts[\(j)]", "host '\(h)' of service '\(sv.name)' has the name of a service",
                        hint: "hosts and services name the entities of one dataset; rename the host")
                }
                hostNames.insert(h)
            }
        }
        guard hostNames.count <= L.maxHosts else {
            throw fail("services", "at most \(L.maxHosts) distinct hosts, found \(hostNames.count)", hint: L.readme)
        }
        var adj = [[Int]](repeating: [], count: names.count)
        for (i, e) in s.edges.enumerated() {
            guard let a = index[e.from] else { throw unknown(e.from, "edges[\(i)].from") }
            guard let b = index[e.to] else { throw unknown(e.to, "edges[\(i)].to") }
            adj[a].append(b)
        }
        if let cycle = findCycle(adjacency: adj) {
            let text = cycle.map { names[$0] }.joined(separator: " → ")
            throw fail("edges", "the call graph has a cycle: \(text)", hint: "calls must form a directed acyclic graph")
        }
        if let chain = longestChain(adjacency: adj), chain.count - 1 > L.maxCallDepth {
            let first = names[chain[0]], last = names[chain[chain.count - 1]]
            throw fail(
                "edges", "the call chain from '\(first)' to '\(last)' is \(chain.count - 1) calls deep, more than \(L.maxCallDepth)",
                hint: L.readme)
        }

        for (i, slo) in s.slos.enumerated() {
            guard let k = index[slo.entry] else { throw unknown(slo.entry, "slos[\(i)].entry") }
            guard s.services[k].entryShare > 0 else {
                throw fail("slos[\(i)].entry", "SLO on '\(slo.entry)', which is not an entry service (entry_share is 0)")
            }
        }
        let run = s.durationMs
        for (i, b) in s.workload.bursts.enumerated() {
            let p = "workload.bursts[\(i)]"
            guard b.durationMs >= 2 * s.stepMs else {
                throw fail(p + ".duration", "burst lasts \(DurationText.render(Double(b.durationMs))), less than two steps")
            }
            guard b.startMs + b.durationMs <= run else {
                throw fail(
                    p,
                    "burst (\(DurationText.render(Double(b.startMs))) + \(DurationText.render(Double(b.durationMs)))) ends after the run (\(DurationText.render(Double(run))))",
                    hint: "shorten the burst, move it earlier or lengthen the run")
            }
        }
        for (i, f) in s.faults.enumerated() {
            let p = "faults[\(i)]"
            guard index[f.target] != nil else { throw unknown(f.target, p + ".target") }
            guard f.startMs >= 0 else { throw fail(p + ".start", "fault '\(f.id)' starts before the run") }
            guard f.durationMs >= 2 * s.stepMs else {
                throw fail(p + ".duration", "fault '\(f.id)' lasts \(DurationText.render(Double(f.durationMs))), less than two steps")
            }
            guard f.startMs + f.durationMs <= run else {
                throw fail(
                    p,
                    "fault '\(f.id)' (\(DurationText.render(Double(f.startMs))) + \(DurationText.render(Double(f.durationMs)))) ends after the run (\(DurationText.render(Double(run))))",
                    hint: "shorten the fault, move it earlier or lengthen the run")
            }
        }
        var ids = Set<String>()
        for (i, f) in s.faults.enumerated() {
            guard ids.insert(f.id).inserted else { throw fail("faults[\(i)].id", "duplicate fault id '\(f.id)'") }
        }
        let sorted = s.faults.sorted { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
        for i in 0..<sorted.count {
            for j in (i + 1)..<sorted.count {
                let a = sorted[i], b = sorted[j]
                guard b.startMs < a.startMs + a.durationMs + recoveryGapMs else { break }
                if !(a.compound && b.compound) {
                    throw fail(
                        "faults", "faults '\(a.id)' and '\(b.id)' overlap (or start within \(recoveryGapMs / 60_000) minutes of each other's end)",
                        hint: "move one of them, or mark both 'compound: true' to inject them together")
                }
            }
        }
        s.faults = sorted
        let entries = s.services.filter { $0.entryShare > 0 }.count
        for (i, b) in s.benign.enumerated() {
            let p = "benign[\(i)]"
            if b.kind == .trafficCampaign {
                guard b.target == "*" || index[b.target] != nil else { throw unknown(b.target, p + ".target") }
            } else {
                guard index[b.target] != nil else {
                    if b.target == "*" { throw fail(p + ".target", "a \(b.kind.rawValue) needs a target service") }
                    throw unknown(b.target, p + ".target")
                }
            }
            guard b.startMs >= 0, b.durationMs > 0, b.startMs + b.durationMs <= run else {
                throw fail(p, "benign change '\(b.id)' lies outside the run (\(DurationText.render(Double(run))))")
            }
            if b.kind == .failover {
                guard let k = index[b.target], s.services[k].entryShare > 0, b.factor <= 1 else {
                    throw fail(p, "a failover drains an entry service (entry_share above 0) by a factor in (0, 1]")
                }
                guard entries >= 2 else {
                    throw fail(p, "a failover needs another entry service to take the traffic")
                }
            }
            if b.kind == .scaleOut, b.factor != b.factor.rounded() {
                throw fail(p + ".factor", "scale-out factor is the number of replicas added, a whole number")
            }
        }
        var bids = Set<String>()
        for (i, b) in s.benign.enumerated() {
            guard bids.insert(b.id).inserted, !ids.contains(b.id) else { throw fail("benign[\(i)].id", "duplicate id '\(b.id)'") }
        }
        s.benign.sort { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
        if s.traces.tailSampling && s.services.count > L.maxTailSampledServices {
            throw fail(
                "traces",
                "tail sampling (keep_errors, keep_slow, min_traces_per_minute) handles at most \(L.maxTailSampledServices) services, found \(s.services.count)",
                hint: "turn the tail-sampling keys off or use fewer services; \(L.readme)")
        }
        try checkWork(WorkEstimate(s), of: s, fail: fail)
    }

    /// Refuses a scenario that asks for more than `ScenarioLimits` allows, saying which estimate and what to change.
    static func checkWork(_ w: WorkEstimate, of s: Scenario, fail: (String, String, String?) -> ScenarioError) throws {
        typealias L = ScenarioLimits
        func big(_ v: Double) -> String { v.isFinite ? String(format: "%.3g", v) : "more than 1e308" }
        let shrink = "shorten the run, lengthen the step or use fewer services"
        guard w.series <= L.maxSeries else {
            throw fail("services", "the world has \(w.series) series (14 per service, 2 per host), more than \(L.maxSeries)", L.readme)
        }
        guard w.metricPoints <= L.maxMetricPoints else {
            throw fail(
                "duration", "\(w.rows) rows × \(w.series) series = \(big(w.metricPoints)) metric points, more than \(big(L.maxMetricPoints))",
                "\(shrink); \(L.readme)")
        }
        guard w.work <= L.maxWork else {
            throw fail(
                "duration", "the run and its ground truth need about \(big(w.work)) service-steps, more than \(big(L.maxWork))",
                "\(shrink), or fewer or shorter faults; \(L.readme)")
        }
        if let (i, load) = w.peakLoad.enumerated().max(by: { $0.element < $1.element }), !(load <= L.maxPeakLoad) {
            throw fail(
                "edges",
                "service '\(s.services[i].name)' may receive \(big(load)) requests/s at peak (entry traffic × fan-out), more than \(big(L.maxPeakLoad))",
                "lower entry_rate, bursts or fan_out; \(L.readme)")
        }
        guard w.recordsPerStep <= L.maxRecordsPerStep else {
            throw fail(
                "logs",
                "one step may write about \(big(w.recordsPerStep)) log lines and spans at peak traffic, more than \(big(L.maxRecordsPerStep))",
                "lower logs.lines_per_request, traces.sample_rate, entry_rate or the step; \(L.readme)")
        }
        guard w.records <= L.maxRecords else {
            throw fail(
                "logs", "the run would write about \(big(w.records)) log lines and spans, more than \(big(L.maxRecords))",
                "lower logs.lines_per_request, traces.sample_rate or entry_rate, or shorten the run; \(L.readme)")
        }
    }

    /// The first call cycle found by a depth-first search in index order (service indices, the first
    /// repeated at the end), or nil when the graph is acyclic. Iterative — an explicit stack of
    /// (service, next edge) — so a call chain of any length is checked without recursion.
    static func findCycle(adjacency adj: [[Int]]) -> [Int]? {
        var state = [UInt8](repeating: 0, count: adj.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        var next: [Int] = []  // per path entry: the index of the next edge to follow
        for root in adj.indices where state[root] == 0 {
            state[root] = 1
            path.append(root)
            next.append(0)
            while let v = path.last {
                let k = next[next.count - 1]
                guard k < adj[v].count else {
                    state[v] = 2
                    path.removeLast()
                    next.removeLast()
                    continue
                }
                next[next.count - 1] = k + 1
                let w = adj[v][k]
                if state[w] == 1 {
                    let from = path.lastIndex(of: w) ?? 0
                    return Array(path[from...]) + [w]
                }
                if state[w] == 0 {
                    state[w] = 1
                    path.append(w)
                    next.append(0)
                }
            }
        }
        return nil
    }

    /// The longest call chain of an acyclic graph (service indices, caller first), or nil for an empty graph.
    static func longestChain(adjacency adj: [[Int]]) -> [Int]? {
        let n = adj.count
        guard n > 0 else { return nil }
        var indeg = [Int](repeating: 0, count: n)
        for v in 0..<n { for w in adj[v] { indeg[w] += 1 } }
        var queue = (0..<n).filter { indeg[$0] == 0 }
        var depth = [Int](repeating: 0, count: n), parent = [Int](repeating: -1, count: n)
        var head = 0
        while head < queue.count {
            let v = queue[head]
            head += 1
            for w in adj[v] {
                if depth[v] + 1 > depth[w] { depth[w] = depth[v] + 1; parent[w] = v }
                indeg[w] -= 1
                if indeg[w] == 0 { queue.append(w) }
            }
        }
        guard var v = depth.indices.max(by: { depth[$0] < depth[$1] }) else { return nil }
        var chain = [v]
        while parent[v] >= 0 { v = parent[v]; chain.append(v) }
        return chain.reversed()
    }

    /// Deterministic structure of a generated graph (independent of the seed): a gateway entry, layers
    /// of services each calling `fanOut` services of the next layer, the last layer calling databases.
    static func generate(_ g: Scenario.GeneratedGraph, into s: inout Scenario, source: String) throws {
        guard g.services >= 2, g.depth >= 1, g.fanOut >= 1, g.hosts >= 1, g.databases >= 1, g.databases < g.services else {
            throw ScenarioError(
                source: source, keyPath: "generate",
                message: "generate needs services ≥ 2, depth ≥ 1, fan_out ≥ 1, hosts ≥ 1 and 1 ≤ databases < services")
        }
        let apps = g.services - g.databases
        let layers = max(1, min(g.depth, apps))
        var layerOf: [[String]] = Array(repeating: [], count: layers)
        var services: [ServiceSpec] = []
        func host(_ i: Int) -> [String] { ["node-\(i % g.hosts + 1)", "node-\((i + 1) % g.hosts + 1)"] }
        for i in 0..<apps {
            let name = i == 0 ? "gateway" : String(format: "svc-%02d", i)
            let layer = i == 0 ? 0 : 1 + (i - 1) % max(1, layers - 1)
            layerOf[min(layer, layers - 1)].append(name)
            services.append(
                ServiceSpec(
                    name: name, replicas: 2, workers: 2, serviceTimeMs: 4 + Double(mix(UInt64(i)) % 9),
                    entryShare: i == 0 ? 1 : 0, hosts: host(i)))
        }
        var dbs: [String] = []
        for j in 0..<g.databases {
            let name = "db-\(j + 1)"
            dbs.append(name)
            services.append(ServiceSpec(name: name, kind: .database, replicas: 2, workers: 4, serviceTimeMs: 3, hosts: host(apps + j)))
        }
        var edges: [EdgeSpec] = []
        var seen = Set<String>()
        var callers = Set<String>(), callees = Set<String>()
        func add(_ a: String, _ b: String, _ fan: Double) {
            if seen.insert("\(a)>\(b)").inserted {
                edges.append(EdgeSpec(from: a, to: b, fanOut: fan, timeoutMs: 2000, retries: 1))
                callers.insert(a)
                callees.insert(b)
            }
        }
        for l in 0..<(layers - 1) {
            let here = layerOf[l], next = layerOf[l + 1]
            guard !here.isEmpty, !next.isEmpty else { continue }
            // Everyone in the next layer has a caller; each caller calls up to fanOut services.
            for (k, callee) in next.enumerated() { add(here[Int(mix(UInt64(k * 31 + l)) % UInt64(here.count))], callee, 0.6) }
            for (k, caller) in here.enumerated() {
                for j in 0..<g.fanOut { add(caller, next[Int(mix(UInt64(k * 131 + j * 7 + l)) % UInt64(next.count))], 0.6) }
            }
        }
        // (Sets, not scans of `edges`: a scan per service made large generated graphs quadratic.)
        let layered = Array(layerOf.joined())
        for (k, name) in layered.enumerated() where !callers.contains(name) || k % 3 == 0 {
            add(name, dbs[Int(mix(UInt64(k * 17 + 3)) % UInt64(dbs.count))], 1)
        }
        for (j, db) in dbs.enumerated() where !callees.contains(db) {
            add(layered[j % apps], db, 1)
        }
        // Each caller makes about 1.3 calls per request, spread over its callees (calls are sequential,
        // so more would make deep graphs implausibly slow).
        var outDegree: [String: Int] = [:]
        for e in edges { outDegree[e.from, default: 0] += 1 }
        for i in edges.indices { edges[i].fanOut = 1.3 / Double(outDegree[edges[i].from] ?? 1) }
        for i in services.indices { services[i].poolSize = 64 }
        s.services = services
        s.edges = edges
        // Size replicas so that peak load sits near 45 % utilisation.
        let load = expectedLoad(s)
        let peak = 1 + s.workload.dailyAmplitude + s.workload.weeklyAmplitude
        for i in s.services.indices {
            let capPerReplica = Double(s.services[i].workers) * 1000 / s.services[i].serviceTimeMs
            let replicas = (load[i] * peak / (0.45 * capPerReplica)).rounded(.up)
            // Each caller makes 1.3 calls per request, so load grows 1.3× per layer: deep graphs under
            // heavy traffic would need more replicas than any service may have.
            guard replicas <= Double(ScenarioLimits.maxReplicas) else {
                throw ScenarioError(
                    source: source, keyPath: "generate",
                    message:
                        "the generated service '\(s.services[i].name)' would need \(replicas.isFinite ? String(format: "%.3g", replicas) : "more than 1e308") replicas, more than \(ScenarioLimits.maxReplicas)",
                    hint: "load grows 1.3× per layer: lower generate.depth or workload.entry_rate; \(ScenarioLimits.readme)")
            }
            s.services[i].replicas = max(1, Int(replicas))
        }
        if s.slos.isEmpty { s.slos = [SLOSpec(entry: "gateway", latencyP99Ms: 1500, errorRatio: 0.02)] }
    }

    /// Mean requests per second each service receives from the base entry rate (no faults, no retries).
    static func expectedLoad(_ s: Scenario) -> [Double] {
        let names = s.services.map(\.name)
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var load = s.services.map { $0.entryShare * s.workload.entryRate }
        // Outgoing edges per service in declaration order (one pass; a scan of every edge per service was quadratic).
        var out = [[EdgeSpec]](repeating: [], count: names.count)
        for e in s.edges { if let v = index[e.from] { out[v].append(e) } }
        for v in topologicalOrder(s) {
            for e in out[v] {
                if let w = index[e.to] { load[w] += load[v] * e.fanOut }
            }
        }
        return load
    }

    /// Services in caller-before-callee order (the graph is acyclic once validated).
    static func topologicalOrder(_ s: Scenario) -> [Int] {
        let names = s.services.map(\.name)
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var indeg = [Int](repeating: 0, count: names.count)
        var adj = [[Int]](repeating: [], count: names.count)
        for e in s.edges {
            if let a = index[e.from], let b = index[e.to] { adj[a].append(b); indeg[b] += 1 }
        }
        var queue = (0..<names.count).filter { indeg[$0] == 0 }
        var order: [Int] = []
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            order.append(v)
            for w in adj[v] {
                indeg[w] -= 1
                if indeg[w] == 0 { queue.append(w) }
            }
        }
        return order
    }

    static func mix(_ x: UInt64) -> UInt64 { CounterRandom.mix(x &+ SplitMix64.golden) }
}
