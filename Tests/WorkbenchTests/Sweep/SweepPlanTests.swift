import Foundation
import Testing

@testable import Workbench

@Suite struct SweepPlanTests {
    static let yaml = """
        name: s
        datasets:
          - scenario: tiny
            seeds: [1, 2]
        split: {train: leading-hours, hours: 5}
        models:
          - name: zscore
            grid: {window: [30, 60]}
            params: {}
          - name: ewma
        """

    @Test func theGridExpandsIntoUnitsWithStableIds() throws {
        let a = try SweepPlan.parse(yaml: Self.yaml, source: "s.yaml")
        #expect(a.units.count == 6)
        #expect(a.units.map(\.model) == ["zscore(window=30)", "zscore(window=60)", "ewma", "zscore(window=30)", "zscore(window=60)", "ewma"])
        #expect(a.units.map(\.index) == Array(0..<6))
        #expect(a.units.allSatisfy { $0.rows == 720 && $0.cost == 1440 })
        // Planned again (from another file name): the same ids and bytes.
        let b = try SweepPlan.parse(yaml: Self.yaml, source: "other.yaml")
        #expect(a.units.map(\.id) == b.units.map(\.id))
        // A changed parameter changes that unit's id only.
        let c = try SweepPlan.parse(yaml: Self.yaml.replacingOccurrences(of: "[30, 60]", with: "[30, 61]"), source: "s.yaml")
        #expect(zip(a.units, c.units).filter { $0.id != $1.id }.map(\.0.model) == ["zscore(window=60)", "zscore(window=60)"])
        let read = try roundTrip(a)
        #expect(read.units == a.units && read.name == "s")
    }

    func roundTrip(_ plan: SweepPlan) throws -> SweepPlan {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("units-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try plan.renderUnits().write(to: url)
        return try SweepPlan.readUnits(url.path)
    }

    @Test func aBadModelOrParameterIsRefusedAtPlanTime() {
        for bad in ["grid: {window: [1]}", "grid: {windw: [30]}", "grid: {window: []}"] {
            let yaml = Self.yaml.replacingOccurrences(of: "grid: {window: [30, 60]}", with: bad)
            #expect(throws: SpecError.self, "\(bad)") { try SweepPlan.parse(yaml: yaml, source: "s.yaml") }
        }
        #expect(throws: SpecError.self) { try SweepPlan.parse(yaml: Self.yaml.replacingOccurrences(of: "tiny", with: "tinny"), source: "s.yaml") }
    }
}
