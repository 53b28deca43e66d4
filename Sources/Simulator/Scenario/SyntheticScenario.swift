/// Synthetic worlds of a given size, for benchmarks and scaling runs.
public enum SyntheticScenario {
    /// A generated graph with `services` entities (about `services · 14 + services / 2` series),
    /// `rows` steps of `stepSeconds`, four faults spread over the run, and logs and traces off
    /// unless asked for (the benchmark measures metric generation).
    ///
    /// `services: 70, rows: 100_000` gives 1,014 series × 100,000 rows.
    ///
    /// - Throws: `ScenarioError` when the sizes are impossible (fewer than 4 services, fewer than 100 rows).
    public static func make(
        services: Int, rows: Int, stepSeconds: Int = 15, seed: UInt64 = 1,
        logs: Bool = false, traces: Bool = false
    ) throws -> Scenario {
        guard services >= 4, rows >= 100, stepSeconds >= 1 else {
            throw ScenarioError(source: "synthetic", message: "synthetic scenarios need ≥ 4 services, ≥ 100 rows and a step ≥ 1 s")
        }
        let runSeconds = rows * stepSeconds
        let slot = runSeconds / 5
        let faultLength = max(2 * stepSeconds, min(slot / 2, 3600))
        let kinds: [(FaultKind, String)] = [(.cpuHog, "svc-01"), (.dependencyOutage, "db-1"), (.networkDelay, "svc-02"), (.memoryStress, "svc-03")]
        var faults = ""
        for (k, (kind, target)) in kinds.enumerated() where slot - faultLength >= 660 {
            faults += "  - {kind: \(kind.rawValue), target: \(target), start: \((k + 1) * slot), duration: \(faultLength), intensity: 0.8}\n"
        }
        let yaml = """
            name: synthetic-\(services)x\(rows)
            description: generated benchmark world, \(services) services × \(rows) rows
            duration: \(runSeconds)
            step: \(stepSeconds)
            seed: \(seed)
            generate: {services: \(services), depth: 5, fan_out: 2}
            faults:
            \(faults)
            logs: {lines_per_request: \(logs ? 0.00005 : 0)}
            traces: {sample_rate: \(traces ? 0.0001 : 0)}
            """
        return try ScenarioLoader.parse(yaml: yaml, source: "synthetic")
    }
}
