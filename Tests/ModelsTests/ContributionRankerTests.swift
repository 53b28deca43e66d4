import Foundation
import Models
import Telemetry
import Testing

/// `rbc`: a series that leaves the normal window's correlation structure is blamed, even when
/// another series moves more in its own units.
@Suite struct ContributionRankerTests {
    @Test func theSeriesThatBreaksTheCorrelationIsBlamed() throws {
        var rng = SplitMix64(seed: 11)
        func noise() -> Double { Double(rng.next() % 1000) / 1000 - 0.5 }
        // load drives api/cpu and db/cpu together; cache/hits is independent noise.
        var load: [Double] = [], api: [Double] = [], db: [Double] = [], cache: [Double] = []
        for t in 0..<80 {
            let l = 10 + 5 * sin(Double(t) / 6)
            load.append(l + 0.05 * noise())
            api.append(2 * l + 0.1 * noise())
            // In the incident window db's CPU stops following load (its own fault): a small move in its own units.
            db.append(t >= 60 ? 3 * 10 + 0.1 * noise() : 3 * l + 0.1 * noise())
            cache.append(100 + noise())
        }
        // Load itself rises in the incident window, and api follows it: large but explained moves.
        for t in 60..<80 {
            load[t] += 8
            api[t] += 16
        }
        let series = [("frontend", "load"), ("api", "cpu"), ("db", "cpu"), ("cache", "hits")].map {
            SeriesDescriptor(entity: $0.0, metric: $0.1, unit: "", kind: .gauge)
        }
        let c = IncidentCase(
            id: "corr", frame: try MetricFrame(columns: [load, api, db, cache]), series: series, normalRows: 0..<60, incidentRows: 60..<80)
        let ranking = try RootCauseRegistry.standard.make(name: "rbc", seed: 1).rank(c)
        #expect(ranking.entities.first?.entity == "db", "\(ranking.entities)")
        // nsigma, by contrast, blames the largest excursion in its own spread.
        let nsigma = try RootCauseRegistry.standard.make(name: "nsigma", seed: 1).rank(c)
        #expect(nsigma.entities.first?.entity != "db", "\(nsigma.entities)")
    }
}
