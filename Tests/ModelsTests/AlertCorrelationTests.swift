import Models
import Telemetry
import Testing

/// Alerts, incidents and notifications on hand-made inputs (docs/METRICS.md §9).
@Suite struct AlertCorrelationTests {
    static let minute: Int64 = 60_000
    static func times(_ n: Int) -> [Int64] { (0..<n).map { Int64($0) * minute } }

    static func alerts(_ rows: Set<Int>, count: Int = 60, rules: AlertRules) -> [Alert] {
        let flags = (0..<count).map { rows.contains($0) }
        return flags.withUnsafeBufferPointer { rules.alerts(alarms: $0, timestamps: times(count), series: 0, seriesId: "a/x", entity: "a") }
    }

    @Test func anAlarmFiresOnlyOnceItHeld() {
        let rules = AlertRules(holdRows: 3, resolveRows: 5)
        #expect(Self.alerts([10, 11], rules: rules).isEmpty)
        let a = Self.alerts([10, 11, 12, 13], rules: rules)
        #expect(a.count == 1)
        #expect(a[0].startRow == 12 && a[0].endRow == 13)
        #expect(a[0].startMs == 12 * Self.minute)
    }

    @Test func flappingWithinTheResolveTimeIsOneAlert() {
        let rules = AlertRules(holdRows: 1, resolveRows: 5)
        // Gaps of 3 and 4 quiet rows: one alert; then a gap of 5 resolves it and a new one starts.
        let a = Self.alerts([10, 14, 19, 25], rules: rules)
        #expect(a.map(\.startRow) == [10, 25])
        #expect(a.map(\.endRow) == [19, 25])
    }

    @Test func anAlertStillFiringAtTheEndIsKept() {
        let a = Self.alerts([57, 58, 59], rules: AlertRules(holdRows: 2, resolveRows: 5))
        #expect(a.count == 1 && a[0].startRow == 58 && a[0].endRow == 59)
    }

    /// web → api → db, and api runs on host h1 with cache.
    static let topology = Topology(
        entities: [], edges: [CallEdge(caller: "web", callee: "api"), CallEdge(caller: "api", callee: "db")],
        placement: ["api": ["h1"], "cache": ["h1"]])

    static func alert(_ entity: String, _ startMinute: Int64, _ endMinute: Int64? = nil) -> Alert {
        Alert(
            series: 0, seriesId: "\(entity)/x", entity: entity, startRow: Int(startMinute), endRow: Int(endMinute ?? startMinute),
            startMs: startMinute * minute, endMs: (endMinute ?? startMinute) * minute)
    }

    @Test func connectedAlertsCloseInTimeAreOneIncident() {
        let g = IncidentGrouper(topology: Self.topology, windowMs: 10 * Self.minute, hops: 1)
        let inc = g.group([Self.alert("db", 100, 105), Self.alert("api", 108), Self.alert("web", 112)])
        #expect(inc.count == 1)
        #expect(inc[0].entities == ["api", "db", "web"])
        #expect(inc[0].startMs == 100 * Self.minute && inc[0].endMs == 112 * Self.minute)
    }

    @Test func unconnectedOrLateAlertsOpenTheirOwnIncidents() {
        let g = IncidentGrouper(topology: Self.topology, windowMs: 10 * Self.minute, hops: 1)
        // web and db are two hops apart: separate at hops 1, together at hops 2.
        #expect(g.group([Self.alert("db", 100), Self.alert("web", 101)]).count == 2)
        #expect(
            IncidentGrouper(topology: Self.topology, windowMs: 10 * Self.minute, hops: 2).group([Self.alert("db", 100), Self.alert("web", 101)]).count
                == 1)
        // Same entity, 11 minutes after the last activity: a new incident.
        #expect(g.group([Self.alert("db", 100, 102), Self.alert("db", 113)]).count == 2)
        // Hosts link their services: cache and api share h1 (two hops through the host).
        #expect(IncidentGrouper(topology: Self.topology, hops: 2).group([Self.alert("cache", 5), Self.alert("api", 6)]).count == 1)
        #expect(g.isNear("api", "h1") && !g.isNear("cache", "api") && !g.isNear("web", "unknown"))
    }

    @Test func aBenignChangeOnANearbyEntityExplainsAnIncident() {
        let g = IncidentGrouper(topology: Self.topology, windowMs: 10 * Self.minute, hops: 1, benignMarginMs: 5 * Self.minute)
        let deploy = BenignChange(id: "b1", kind: "deploy", target: "api", startMs: 98 * Self.minute, endMs: 103 * Self.minute)
        let inc = g.group([Self.alert("db", 100), Self.alert("web", 300)], benign: [deploy])
        #expect(inc.map(\.explainedBy) == ["b1", nil])
        #expect(inc[0].notifications == 0 && inc[1].notifications == 1)
        let campaign = BenignChange(id: "b2", kind: "traffic-campaign", target: "*", startMs: 290 * Self.minute, endMs: 320 * Self.minute)
        #expect(g.group([Self.alert("web", 300)], benign: [campaign]).first?.explainedBy == "b2")
    }

    @Test func notificationsFollowGroupWaitIntervalAndRepeat() {
        let p = NotificationPolicy(groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000)
        let m = Self.minute
        // One alert, over within the hour: one notification.
        #expect(p.notifications(firings: [0], endMs: 50 * m) == 1)
        // Alerts joining within group_wait go out together.
        #expect(p.notifications(firings: [0, 10_000, 20_000], endMs: 10 * m) == 1)
        // One joining later is sent at the next group_interval flush.
        #expect(p.notifications(firings: [0, 2 * m], endMs: 10 * m) == 2)
        // Two joining in the same interval: one more notification, not two.
        #expect(p.notifications(firings: [0, 2 * m, 3 * m], endMs: 10 * m) == 2)
        // Still firing after 3 h 10 min with nothing new: first at 30 s, repeats at ≈ 1 h, 2 h, 3 h.
        #expect(p.notifications(firings: [0], endMs: 190 * m) == 4)
        #expect(p.notifications(firings: [], endMs: 0) == 0)
    }

    @Test func groupingIsIndependentOfTheAlertOrder() {
        let g = IncidentGrouper(topology: Self.topology, windowMs: 10 * Self.minute, hops: 1)
        let xs = [Self.alert("db", 100), Self.alert("api", 103), Self.alert("web", 400), Self.alert("cache", 401)]
        let a = g.group(xs), b = g.group(xs.reversed())
        #expect(a.map(\.entities) == b.map(\.entities))
        #expect(a.map(\.startMs) == b.map(\.startMs))
    }
}
