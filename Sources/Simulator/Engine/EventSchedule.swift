import Telemetry

/// One scheduled operational event, with whether it restarts the entity's pods (resetting counters).
struct ScheduledEvent: Sendable {
    var event: OpsEvent
    var restart: Bool
    var timeMs: Int64 { event.timeMs }
    var entity: String { event.entity }
}

extension World {
    /// Every ops event of the run, in time order (ties in declaration order): chaos start/stop,
    /// deploys, rollbacks, config changes, restarts, OOM kills, scale-outs, campaigns, batch jobs.
    static func scheduledEvents(scenario s: Scenario, faults: [CompiledFault], benign: [CompiledChange], axis: TimeAxis) -> [ScheduledEvent] {
        var out: [ScheduledEvent] = []
        func add(
            _ offsetMs: Int64, _ kind: OpsEventKind, _ entity: String, _ type: String, _ reason: String, _ message: String,
            _ attrs: [String: String], restart: Bool = false
        ) {
            out.append(
                ScheduledEvent(
                    event: OpsEvent(
                        timeMs: s.startMs + offsetMs, kind: kind, entity: entity, type: type, reason: reason,
                        message: message, attributes: attrs), restart: restart))
        }
        for f in faults {
            let sp = f.spec
            let a = ["fault_id": sp.id, "fault_kind": sp.kind.rawValue, "intensity": String(f.intensity)]
            let end = sp.startMs + sp.durationMs
            add(sp.startMs, .chaosStart, sp.target, "Warning", "ChaosInjected", "chaos experiment \(sp.kind.rawValue) started on \(sp.target)", a)
            switch sp.kind {
            case .podKill:
                add(sp.startMs, .restart, sp.target, "Warning", "Killing", "Stopping container \(sp.target) (pod killed)", a, restart: true)
            case .crashLoop:
                for off in crashLoopOffsets(durationMs: sp.durationMs) {
                    add(
                        sp.startMs + off, .restart, sp.target, "Warning", "BackOff", "Back-off restarting failed container \(sp.target)", a,
                        restart: true)
                }
            case .badDeploy:
                add(
                    sp.startMs, .deploy, sp.target, "Normal", "ScalingReplicaSet", "Rolled out \(sp.target) version v2-\(sp.id)",
                    a.merging(["version": "v2-\(sp.id)"]) { x, _ in x }, restart: true)
                add(end, .rollback, sp.target, "Normal", "ScalingReplicaSet", "Rolled back \(sp.target) to the previous version", a, restart: true)
            case .configRegression:
                add(sp.startMs, .configChange, sp.target, "Normal", "ConfigMapUpdated", "ConfigMap \(sp.target)-config updated", a)
                add(end, .configChange, sp.target, "Normal", "ConfigMapUpdated", "ConfigMap \(sp.target)-config reverted", a)
            case .memoryLeak:
                if f.intensity >= 0.9 {
                    add(end, .oomKill, sp.target, "Warning", "OOMKilling", "Memory cgroup out of memory: killed \(sp.target)", a, restart: true)
                } else {
                    add(end, .restart, sp.target, "Normal", "Restarted", "Rollout restart of \(sp.target)", a, restart: true)
                }
            default:
                break
            }
            add(end, .chaosStop, sp.target, "Normal", "ChaosRecovered", "chaos experiment \(sp.kind.rawValue) on \(sp.target) ended", a)
        }
        for b in benign {
            let sp = b.spec
            let a = ["change_id": sp.id, "change_kind": sp.kind.rawValue]
            switch sp.kind {
            case .deploy:
                add(
                    sp.startMs, .deploy, sp.target, "Normal", "ScalingReplicaSet", "Rolled out \(sp.target) version v1-\(sp.id)",
                    a.merging(["version": "v1-\(sp.id)"]) { x, _ in x }, restart: true)
            case .scaleOut:
                let idx = s.services.firstIndex { $0.name == sp.target } ?? 0
                let from = s.services[idx].replicas, to = from + Int(sp.factor)
                add(
                    sp.startMs, .scale, sp.target, "Normal", "ScalingReplicaSet", "Scaled up \(sp.target) from \(from) to \(to)",
                    a.merging(["replicas": String(to)]) { x, _ in x })
                add(
                    sp.startMs + sp.durationMs, .scale, sp.target, "Normal", "ScalingReplicaSet", "Scaled down \(sp.target) from \(to) to \(from)",
                    a.merging(["replicas": String(from)]) { x, _ in x })
            case .trafficCampaign:
                add(sp.startMs, .campaignStart, sp.target, "Normal", "CampaignStarted", "marketing campaign started (×\(sp.factor) traffic)", a)
                add(sp.startMs + sp.durationMs, .campaignStop, sp.target, "Normal", "CampaignEnded", "marketing campaign ended", a)
            case .failover:
                add(
                    sp.startMs, .failover, sp.target, "Warning", "FailoverStarted",
                    "draining \(Int(sp.factor * 100))% of \(sp.target) traffic to the other regions", a)
                add(sp.startMs + sp.durationMs, .failover, sp.target, "Normal", "FailbackCompleted", "traffic returned to \(sp.target)", a)
            case .cacheWarmup:
                add(sp.startMs, .restart, sp.target, "Normal", "Restarted", "\(sp.target) restarted with a cold cache", a, restart: true)
            case .memoryStepDeploy:
                add(
                    sp.startMs, .deploy, sp.target, "Normal", "ScalingReplicaSet", "Rolled out \(sp.target) version v1-\(sp.id)",
                    a.merging(["version": "v1-\(sp.id)"]) { x, _ in x }, restart: true)
            case .diskBatch:
                for (k, off) in occurrences(sp, runMs: s.durationMs).enumerated() {
                    let aa = a.merging(["occurrence": String(k + 1)]) { x, _ in x }
                    add(off, .batchStart, sp.target, "Normal", "JobStarted", "batch job \(sp.id) started writing to \(sp.target)", aa)
                    add(min(off + sp.durationMs, s.durationMs), .batchStop, sp.target, "Normal", "JobCompleted", "batch job \(sp.id) cleaned up", aa)
                }
            case .batchJob:
                for (k, off) in occurrences(sp, runMs: s.durationMs).enumerated() {
                    let aa = a.merging(["occurrence": String(k + 1)]) { x, _ in x }
                    add(off, .batchStart, sp.target, "Normal", "JobStarted", "batch job \(sp.id) started against \(sp.target)", aa)
                    add(min(off + sp.durationMs, s.durationMs), .batchStop, sp.target, "Normal", "JobCompleted", "batch job \(sp.id) completed", aa)
                }
            }
        }
        return out.enumerated().sorted { ($0.element.timeMs, $0.offset) < ($1.element.timeMs, $1.offset) }.map(\.element)
    }

    /// Start offsets of a (possibly daily) change inside the run.
    static func occurrences(_ b: BenignSpec, runMs: Int64) -> [Int64] {
        guard b.daily else { return [b.startMs] }
        var out: [Int64] = []
        var t = b.startMs
        while t < runMs {
            out.append(t)
            t += 86_400_000
        }
        return out
    }
}
