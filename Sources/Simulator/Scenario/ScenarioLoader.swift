import Foundation
import Telemetry
import YAMLReading
import Yams

/// Loads scenario YAML into a validated `Scenario`.
///
/// Validation happens before anything runs: YAML syntax (with line and column), unknown keys (with
/// the nearest valid name), unknown kinds (listing the valid ones), impossible values (negative
/// rates, a fault outside the run, an edge to an unknown service, a call cycle, overlapping faults
/// not marked compound). Every failure is a `ScenarioError`.
public enum ScenarioLoader {
    /// Default epoch of row 0 (Monday 2026-01-05 00:00 UTC) when a scenario gives no `start`.
    public static let defaultStartMs: Int64 = 1_767_571_200_000

    /// Loads a scenario from a file.
    ///
    /// - Throws: `ScenarioError` (including when the file cannot be read).
    public static func load(path: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(source: path, message: "cannot read scenario file")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), source: path, overrides: overrides)
    }

    /// Loads a built-in scenario by name, or a file when `nameOrPath` is not a built-in name.
    public static func resolve(_ nameOrPath: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        if let text = BuiltinScenarios.text(named: nameOrPath) {
            return try parse(yaml: text, source: "builtin:\(nameOrPath)", overrides: overrides)
        }
        if FileManager.default.fileExists(atPath: nameOrPath) { return try load(path: nameOrPath, overrides: overrides) }
        throw ScenarioError(
            source: nameOrPath, message: "no built-in scenario or file named '\(nameOrPath)'",
            hint: "built-in scenarios: \(BuiltinScenarios.names.joined(separator: ", "))")
    }

    /// Parses and validates scenario text.
    ///
    /// - Parameters:
    ///   - yaml: the document.
    ///   - source: file path or name, used in error messages.
    ///   - overrides: scaling applied before validation.
    /// - Throws: `ScenarioError`.
    public static func parse(yaml: String, source: String, overrides: ScenarioOverrides = ScenarioOverrides()) throws -> Scenario {
        let root: Node
        do {
            guard let n = try YAMLDocument.compose(yaml) else { throw ScenarioError(source: source, message: "empty scenario") }
            root = n
        } catch let e as YAMLDocument.SyntaxError {
            throw syntaxError(e, source: source)
        }
        var scenario = try read(YAMLNode(node: root, path: "", source: source), text: yaml)
        try apply(overrides, to: &scenario, source: source)
        try ScenarioValidator.validate(&scenario, source: source)
        return scenario
    }

    static func syntaxError(_ e: YAMLDocument.SyntaxError, source: String) -> ScenarioError {
        switch e.kind {
        case let .syntax(problem, context):
            var msg = "YAML syntax error: \(problem)"
            if let context { msg += " (\(context.text) at line \(context.line))" }
            return ScenarioError(source: source, line: e.line, column: e.column, message: msg)
        case let .duplicatedKeys(duplicates):
            return ScenarioError(source: source, line: e.line, column: e.column, message: "duplicated keys \(duplicates.joined(separator: ", "))")
        case .other:
            return ScenarioError(source: source, message: "YAML error: \(e.text)")
        }
    }

    // MARK: reading

    static let topKeys = [
        "name", "description", "start", "duration", "step", "seed", "workload", "services", "edges",
        "generate", "slos", "faults", "benign", "observation", "logs", "traces",
    ]

    static func read(_ root: YAMLNode, text: String) throws -> Scenario {
        let f = try root.fields(topKeys)
        let source = root.source
        func req(_ key: String) throws -> YAMLNode {
            guard let n = f[key] else { throw root.error("missing required key '\(key)'") }
            return n
        }
        let name = try f["name"]?.string() ?? "unnamed"
        let description = try f["description"]?.string() ?? ""
        var startMs = defaultStartMs
        if let s = f["start"] {
            let text = try s.string()
            let fmt = ISO8601DateFormatter()
            if let d = fmt.date(from: text) {
                startMs = Int64((d.timeIntervalSince1970 * 1000).rounded())
            } else if let v = Int64(text) {
                startMs = v
            } else {
                throw s.error("expected an ISO 8601 time like 2026-01-05T00:00:00Z or epoch milliseconds, found '\(text)'")
            }
        }
        let durationMs = try req("duration").durationMs()
        let stepMs = try f["step"]?.durationMs() ?? 15_000
        let seed: UInt64
        if let s = f["seed"] {
            guard let v = UInt64(try s.string()) else { throw s.error("seed must be a non-negative whole number") }
            seed = v
        } else {
            seed = 1
        }

        var workload = Scenario.Workload()
        if let w = f["workload"] {
            let wf = try w.fields(["entry_rate", "daily_amplitude", "weekly_amplitude", "trend_per_day", "noise", "bursts"])
            if let v = wf["entry_rate"] { workload.entryRate = try v.double() }
            if let v = wf["daily_amplitude"] { workload.dailyAmplitude = try v.double() }
            if let v = wf["weekly_amplitude"] { workload.weeklyAmplitude = try v.double() }
            if let v = wf["trend_per_day"] { workload.trendPerDay = try v.double() }
            if let v = wf["noise"] { workload.noise = try v.double() }
            if let b = wf["bursts"] {
                workload.bursts = try b.items().map { item in
                    let bf = try item.fields(["start", "duration", "factor"])
                    guard let st = bf["start"], let du = bf["duration"] else { throw item.error("a burst needs start and duration") }
                    return Scenario.Burst(
                        startMs: Int64(try st.durationMs()), durationMs: Int64(try du.durationMs()),
                        factor: try bf["factor"]?.double() ?? 2)
                }
            }
        }

        var services: [ServiceSpec] = []
        var edges: [EdgeSpec] = []
        var generated: Scenario.GeneratedGraph?
        if let g = f["generate"] {
            if f["services"] != nil || f["edges"] != nil {
                throw g.error("a scenario either lists services/edges or generates them, not both")
            }
            let gf = try g.fields(["services", "depth", "fan_out", "hosts", "databases"])
            let count = try gf["services"]?.int() ?? 20
            generated = Scenario.GeneratedGraph(
                services: count, depth: try gf["depth"]?.int() ?? 4,
                fanOut: try gf["fan_out"]?.int() ?? 2,
                hosts: try gf["hosts"]?.int() ?? max(2, count / 4),
                databases: try gf["databases"]?.int() ?? max(1, count / 8))
        } else {
            let sn = try req("services")
            var seen: [String: YAMLNode] = [:]
            for item in try sn.items() {
                let sf = try item.fields([
                    "name", "kind", "replicas", "workers", "service_time", "entry_share", "hosts",
                    "memory_limit_mib", "pool_size", "error_ratio", "region",
                ])
                guard let nm = sf["name"] else { throw item.error("a service needs a name") }
                let n = try nm.string()
                if seen[n] != nil { throw nm.error("duplicate service name '\(n)'") }
                seen[n] = nm
                var s = ServiceSpec(name: n)
                if let v = sf["kind"] { s.kind = try v.oneOf(ServiceKind.self, what: "service kind") }
                if s.kind == .database { s.workers = 16; s.serviceTimeMs = 4 }
                if s.kind == .cache { s.workers = 32; s.serviceTimeMs = 1 }
                if let v = sf["replicas"] { s.replicas = try v.int() }
                if let v = sf["workers"] { s.workers = try v.int() }
                if let v = sf["service_time"] { s.serviceTimeMs = try v.durationMs() }
                if let v = sf["entry_share"] { s.entryShare = try v.double() }
                if let v = sf["hosts"] { s.hosts = try v.stringList() }
                if let v = sf["memory_limit_mib"] { s.memoryLimitMiB = try v.double() }
                if let v = sf["pool_size"] { s.poolSize = try v.int() }
                if let v = sf["error_ratio"] { s.baseErrorRatio = try v.double() }
                if let v = sf["region"] { s.region = try v.string() }
                if s.hosts.isEmpty { s.hosts = ["node-\(services.count % 4 + 1)"] }
                try checkPositive(Double(s.replicas), sf["replicas"] ?? item, "replicas")
                try checkPositive(Double(s.workers), sf["workers"] ?? item, "workers")
                try checkPositive(s.serviceTimeMs, sf["service_time"] ?? item, "service_time")
                try checkPositive(s.memoryLimitMiB, sf["memory_limit_mib"] ?? item, "memory_limit_mib")
                try checkPositive(Double(s.poolSize), sf["pool_size"] ?? item, "pool_size")
                try checkRatio(s.entryShare, sf["entry_share"] ?? item, "entry_share")
                try checkRatio(s.baseErrorRatio, sf["error_ratio"] ?? item, "error_ratio")
                services.append(s)
            }
            if let en = f["edges"] {
                for item in try en.items() {
                    let ef = try item.fields(["from", "to", "fan_out", "timeout", "retries"])
                    guard let from = ef["from"], let to = ef["to"] else { throw item.error("an edge needs from and to") }
                    var e = EdgeSpec(from: try from.string(), to: try to.string())
                    for (key, n) in [("from", from), ("to", to)] {
                        let name = key == "from" ? e.from : e.to
                        if seen[name] == nil {
                            var hint: String?
                            if let near = NearestName.suggest(name, among: services.map(\.name)) { hint = "did you mean '\(near)'?" }
                            throw n.error("edge refers to unknown service '\(name)'", hint: hint)
                        }
                    }
                    if e.from == e.to { throw item.error("service '\(e.from)' calls itself") }
                    if let v = ef["fan_out"] { e.fanOut = try v.double() }
                    if let v = ef["timeout"] { e.timeoutMs = try v.durationMs() }
                    if let v = ef["retries"] { e.retries = try v.int() }
                    try checkPositive(e.fanOut, ef["fan_out"] ?? item, "fan_out")
                    try checkPositive(e.timeoutMs, ef["timeout"] ?? item, "timeout")
                    if e.retries < 0 || e.retries > 10 { throw (ef["retries"] ?? item).error("retries must be between 0 and 10") }
                    edges.append(e)
                }
            }
        }

        var slos: [SLOSpec] = []
        if let sl = f["slos"] {
            for item in try sl.items() {
                let sf = try item.fields(["entry", "latency_p99", "error_ratio"])
                guard let e = sf["entry"] else { throw item.error("an SLO needs an entry service") }
                let s = SLOSpec(
                    entry: try e.string(), latencyP99Ms: try sf["latency_p99"]?.durationMs() ?? 1000,
                    errorRatio: try sf["error_ratio"]?.double() ?? 0.01)
                try checkPositive(s.latencyP99Ms, sf["latency_p99"] ?? item, "latency_p99")
                try checkRatio(s.errorRatio, sf["error_ratio"] ?? item, "error_ratio")
                slos.append(s)
            }
        }

        var faults: [FaultSpec] = []
        if let fl = f["faults"] {
            for (i, item) in try fl.items().enumerated() {
                let ff = try item.fields(["id", "kind", "target", "start", "duration", "intensity", "compound"])
                guard let k = ff["kind"], let t = ff["target"], let st = ff["start"] else {
                    throw item.error("a fault needs kind, target and start")
                }
                let kind = try k.oneOf(FaultKind.self, what: "fault kind")
                let defaultDuration: Double = kind == .podKill ? 120_000 : 1_800_000
                let spec = FaultSpec(
                    id: try ff["id"]?.string() ?? "f\(i + 1)", kind: kind, target: try t.string(),
                    startMs: Int64(try st.durationMs()),
                    durationMs: Int64(try ff["duration"]?.durationMs() ?? defaultDuration),
                    intensity: try ff["intensity"]?.double() ?? 0.8,
                    compound: try ff["compound"]?.bool() ?? false)
                if !(spec.intensity > 0 && spec.intensity <= 1) {
                    throw (ff["intensity"] ?? item).error("intensity must be in (0, 1], found \(spec.intensity)")
                }
                faults.append(spec)
            }
        }
        var benign: [BenignSpec] = []
        if let bl = f["benign"] {
            for (i, item) in try bl.items().enumerated() {
                let bf = try item.fields(["id", "kind", "target", "start", "duration", "factor", "daily"])
                guard let k = bf["kind"], let st = bf["start"] else { throw item.error("a benign change needs kind and start") }
                let kind = try k.oneOf(BenignKind.self, what: "benign change kind")
                let defaultFactor: Double
                switch kind {
                case .deploy: defaultFactor = 1
                case .scaleOut: defaultFactor = 1
                case .trafficCampaign: defaultFactor = 1.5
                case .batchJob: defaultFactor = 0.3
                case .failover: defaultFactor = 1
                }
                let spec = BenignSpec(
                    id: try bf["id"]?.string() ?? "b\(i + 1)", kind: kind, target: try bf["target"]?.string() ?? "*",
                    startMs: Int64(try st.durationMs()),
                    durationMs: Int64(try bf["duration"]?.durationMs() ?? (kind == .deploy ? 300_000 : 3_600_000)),
                    factor: try bf["factor"]?.double() ?? defaultFactor, daily: try bf["daily"]?.bool() ?? false)
                try checkPositive(spec.factor, bf["factor"] ?? item, "factor")
                benign.append(spec)
            }
        }

        var observation = Scenario.Observation()
        if let o = f["observation"] {
            let of = try o.fields(["noise", "scrape_gap_rate", "outlier_rate"])
            if let v = of["noise"] { observation.noise = try v.double(); try checkRatio(observation.noise, v, "noise") }
            if let v = of["scrape_gap_rate"] {
                observation.scrapeGapRate = try v.double(); try checkRatio(observation.scrapeGapRate, v, "scrape_gap_rate")
            }
            if let v = of["outlier_rate"] { observation.outlierRate = try v.double(); try checkRatio(observation.outlierRate, v, "outlier_rate") }
        }
        var logs = Scenario.LogSettings()
        if let l = f["logs"] {
            let lf = try l.fields(["lines_per_request"])
            if let v = lf["lines_per_request"] { logs.linesPerRequest = try v.double(); try checkRatio(logs.linesPerRequest, v, "lines_per_request") }
        }
        var traces = Scenario.TraceSettings()
        if let t = f["traces"] {
            let tf = try t.fields(["sample_rate", "max_spans"])
            if let v = tf["sample_rate"] { traces.sampleRate = try v.double(); try checkRatio(traces.sampleRate, v, "sample_rate") }
            if let v = tf["max_spans"] { traces.maxSpans = try v.int(); try checkPositive(Double(traces.maxSpans), v, "max_spans") }
        }
        for (key, v) in [("entry_rate", workload.entryRate)] where !(v > 0) {
            throw (f["workload"] ?? root).error("\(key) must be positive, found \(v)")
        }
        for (key, v) in [("daily_amplitude", workload.dailyAmplitude), ("weekly_amplitude", workload.weeklyAmplitude), ("noise", workload.noise)]
        where !(v >= 0 && v < 1) {
            throw (f["workload"] ?? root).error("\(key) must be in [0, 1), found \(v)")
        }
        _ = source
        return Scenario(
            name: name, description: description, startMs: startMs, durationMs: Int64(durationMs), stepMs: Int64(stepMs),
            seed: seed, workload: workload, services: services, edges: edges, slos: slos, faults: faults, benign: benign,
            observation: observation, logs: logs, traces: traces, generated: generated, sourceText: text)
    }

    static func checkPositive(_ v: Double, _ n: YAMLNode, _ key: String) throws {
        guard v > 0, v.isFinite else { throw n.error("\(key) must be positive, found \(v)") }
    }

    static func checkRatio(_ v: Double, _ n: YAMLNode, _ key: String) throws {
        guard v >= 0, v <= 1 else { throw n.error("\(key) must be between 0 and 1, found \(v)") }
    }

    static func apply(_ o: ScenarioOverrides, to s: inout Scenario, source: String) throws {
        if let d = o.days {
            guard d > 0 else { throw ScenarioError(source: source, keyPath: "--days", message: "days must be positive, found \(d)") }
            s.durationMs = Int64((d * 86_400_000).rounded())
        }
        if let n = o.services {
            guard var g = s.generated else {
                throw ScenarioError(
                    source: source, keyPath: "--services",
                    message: "this scenario lists its services; --services applies only to scenarios with a 'generate' block")
            }
            guard n >= 2 else { throw ScenarioError(source: source, keyPath: "--services", message: "services must be at least 2, found \(n)") }
            g.services = n
            g.hosts = max(2, n / 4)
            g.databases = max(1, n / 8)
            s.generated = g
        }
        if let seed = o.seed { s.seed = seed }
    }
}
