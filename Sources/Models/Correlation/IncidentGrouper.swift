import Telemetry

/// Groups alerts into incidents by time proximity and topology, and marks the groups a benign change
/// explains.
///
/// Alerts are taken in firing order (ties by series id). An alert joins an open incident when it fires at
/// most `windowMs` after the incident's latest activity (the last alarmed time of any of its alerts) and
/// its entity is within `hops` of one of the incident's entities on the undirected call graph, where a
/// host is linked to the services placed on it; of several such incidents it joins the one that started
/// first. Otherwise it opens a new incident. An incident is *explained* by a benign change when it starts
/// inside the change's window widened by `benignMarginMs` on both sides and the change's target (or, for
/// a traffic campaign on every entry, `*`, any entity) is within `hops` of one of its entities.
public struct IncidentGrouper: Sendable {
    public var windowMs: Int64
    public var hops: Int
    public var benignMarginMs: Int64
    /// Entity names and, per entity, the entities within `hops` (itself included).
    let index: [String: Int]
    let near: [Set<Int>]

    /// - Parameters:
    ///   - topology: the call graph and placement.
    ///   - windowMs: longest quiet time between an incident's activity and a joining alert.
    ///   - hops: largest graph distance between a joining alert's entity and the incident's.
    ///   - benignMarginMs: how far around a benign change's window an incident may start and still be explained.
    public init(topology: Topology, windowMs: Int64 = 600_000, hops: Int = 1, benignMarginMs: Int64 = 600_000) {
        self.windowMs = max(0, windowMs)
        self.hops = max(0, hops)
        self.benignMarginMs = max(0, benignMarginMs)
        var names = topology.entities.map(\.id)
        for e in topology.edges { names += [e.caller, e.callee] }
        for (s, hosts) in topology.placement { names += [s] + hosts }
        var idx: [String: Int] = [:]
        for n in names where idx[n] == nil { idx[n] = idx.count }
        var adjacency = [[Int]](repeating: [], count: idx.count)
        func link(_ a: String, _ b: String) {
            guard let i = idx[a], let j = idx[b], i != j else { return }
            adjacency[i].append(j)
            adjacency[j].append(i)
        }
        for e in topology.edges { link(e.caller, e.callee) }
        for (s, hosts) in topology.placement { for h in hosts { link(s, h) } }
        // Breadth-first search to depth `hops` from every entity.
        var near: [Set<Int>] = []
        near.reserveCapacity(idx.count)
        for start in 0..<idx.count {
            var seen: Set<Int> = [start]
            var frontier = [start]
            for _ in 0..<self.hops {
                var next: [Int] = []
                for u in frontier { for v in adjacency[u] where seen.insert(v).inserted { next.append(v) } }
                frontier = next
                if frontier.isEmpty { break }
            }
            near.append(seen)
        }
        self.index = idx
        self.near = near
    }

    /// Whether entities `a` and `b` are within `hops` of each other (an entity unknown to the topology is
    /// near only itself).
    public func isNear(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let i = index[a], let j = index[b] else { return false }
        return near[i].contains(j)
    }

    /// The incidents of `alerts` (their `alerts` index into `alerts`), in start order.
    ///
    /// - Parameters:
    ///   - alerts: the alerts of every series.
    ///   - benign: benign changes, for the explanation.
    ///   - policy: the notification policy each unexplained incident's notifications are counted with.
    public func group(_ alerts: [Alert], benign: [BenignChange] = [], policy: NotificationPolicy = NotificationPolicy()) -> [Incident] {
        let order = alerts.indices.sorted { (alerts[$0].startMs, alerts[$0].seriesId) < (alerts[$1].startMs, alerts[$1].seriesId) }
        var members: [[Int]] = []
        var entities: [Set<String>] = []
        var start: [Int64] = [], activity: [Int64] = []
        var open: [Int] = []  // incidents whose activity is within `windowMs` of the current time
        for a in order {
            let alert = alerts[a]
            open.removeAll { activity[$0] + windowMs < alert.startMs }
            let target = open.filter { k in entities[k].contains { isNear($0, alert.entity) } }.min { start[$0] < start[$1] }
            if let k = target {
                members[k].append(a)
                entities[k].insert(alert.entity)
                activity[k] = max(activity[k], alert.endMs)
            } else {
                members.append([a])
                entities.append([alert.entity])
                start.append(alert.startMs)
                activity.append(alert.endMs)
                open.append(members.count - 1)
            }
        }
        return members.indices.map { k in
            let names = entities[k].sorted()
            let explained = benign.first { b in
                guard start[k] >= b.startMs - benignMarginMs && start[k] <= b.endMs + benignMarginMs else { return false }
                return b.target == "*" || names.contains { isNear($0, b.target) }
            }
            let firings = members[k].map { alerts[$0].startMs }
            return Incident(
                alerts: members[k], entities: names, startMs: start[k], endMs: activity[k], explainedBy: explained?.id,
                notifications: explained == nil ? policy.notifications(firings: firings, endMs: activity[k]) : 0)
        }
    }
}
