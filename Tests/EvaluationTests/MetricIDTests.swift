import Evaluation
import Foundation
import Testing

@Suite struct MetricIDTests {
    @Test func theClosedSetTakesItsMembersAndRejectsTheRest() {
        for known in [
            "f1", "auc_pr_chance", "hit_rate@150", "hit_rate@100_chance", "nab_standard", "nab_raw_reward_low_fp_rate",
            "nab_heldout_standard", "ac@3", "fit_s",
        ] {
            #expect(MetricID(rawValue: known) != nil, "\(known)")
        }
        for unknown in ["F1", "f_1", "hit_rate@", "hit_rate@x", "hit_rate@-1", "nab_", "nab_Standard", "x", "", "f1_chance_chance"] {
            #expect(MetricID(rawValue: unknown) == nil, "\(unknown)")
        }
    }

    @Test func familiesAndChanceLevelsSpellTheirIdentifiers() {
        #expect(MetricID.hitRate(150).rawValue == "hit_rate@150")
        #expect(MetricID.hitRate(150).chance.rawValue == "hit_rate@150_chance")
        #expect(MetricID.aucPR.chance.isChance && !MetricID.aucPR.isChance)
        #expect(MetricID.nab(profile: "reward_low_FP_rate").rawValue == "nab_reward_low_fp_rate")
        #expect(MetricID.nabRaw(profile: "standard").rawValue == "nab_raw_standard")
        #expect(MetricID.nabHeldOut(profile: "reward_low_FN_rate").rawValue == "nab_heldout_reward_low_fn_rate")
    }

    @Test func decodingAnUnknownIdentifierFails() throws {
        let ok = try JSONDecoder().decode([MetricID].self, from: Data(#"["pa_f1", "mttd_s"]"#.utf8))
        #expect(ok == [.paF1, .mttd])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MetricID].self, from: Data(#"["pa-f1"]"#.utf8)) }
        #expect(String(decoding: try JSONEncoder().encode([MetricID.hitRate(100)]), as: UTF8.self) == #"["hit_rate@100"]"#)
    }

    /// METRICS.md §11 is the list of record: every named identifier must be written there.
    @Test func everyNamedIdentifierIsInMetricsSection11() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/METRICS.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## 11. Identifiers").map { String(text[$0.lowerBound...]) })
        for id in MetricID.named.values.joined() {
            #expect(section.contains("`\(id)`") || (id.hasPrefix("ac@") && section.contains("`ac@1` … `ac@5`")), "\(id) not in METRICS.md §11")
        }
    }
}
