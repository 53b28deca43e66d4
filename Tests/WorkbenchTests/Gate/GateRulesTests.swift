import Foundation
import Testing

@testable import Workbench

/// A bad rules file exits 2 naming the file, the line and the key.
@Suite struct GateRulesTests {
    func refusal(_ yaml: String) -> SpecError? {
        do {
            _ = try GateRules.parse(yaml: yaml, source: "gates.yaml")
            return nil
        } catch let e as SpecError {
            return e
        } catch {
            return nil
        }
    }

    @Test func defaultsFillWhatARuleLeavesOut() throws {
        let r = try GateRules.parse(
            yaml: """
                defaults: {tolerance: 0.02, noise: 0.01, severity: warn, min_seeds: 2, direction: higher}
                rules:
                  - name: a
                    select: {metric: f1}
                  - name: b
                    select: {metric: mttd_s, model: "z*"}
                    direction: lower
                    severity: fail
                    tolerance: 0.5
                """, source: "gates.yaml")
        #expect(r.rules.count == 2)
        #expect(r.rules[0].tolerance == 0.02 && r.rules[0].noise == 0.01 && r.rules[0].severity == .warn && r.rules[0].minSeeds == 2)
        #expect(r.rules[1].direction == .lower && r.rules[1].severity == .fail && r.rules[1].tolerance == 0.5 && r.rules[1].line == 5)
        #expect(r.rules[1].select.suite == "*" && r.rules[1].select.model == "z*")
    }

    @Test func anUnknownKeyNamesTheLineAndTheNearestKey() throws {
        let e = try #require(refusal("rules:\n  - name: a\n    select: {metric: f1}\n    direction: higher\n    tolerence: 0.1\n"))
        #expect(e.line == 5 && e.keyPath == "rules[0].tolerence" && e.description.contains("tolerance") && e.exitStatus == .usage)
        #expect(e.description.contains("gates.yaml:5"))
    }

    @Test func everyBadValueIsRefusedWithItsKeyPath() throws {
        let base = "rules:\n  - name: a\n    select: {metric: f1}\n"
        let cases: [(String, String)] = [
            (base, "rules[0].direction"),
            (base + "    direction: up\n", "rules[0].direction"),
            (base + "    direction: higher\n    severity: fatal\n", "rules[0].severity"),
            (base + "    direction: higher\n    tolerance: -1\n", "rules[0].tolerance"),
            (base + "    direction: higher\n    noise: .nan\n", "rules[0].noise"),
            (base + "    direction: higher\n    min_seeds: 0\n", "rules[0].min_seeds"),
            (base + "    direction: higher\n    floor: 2\n    ceiling: 1\n", "rules[0].ceiling"),
            (base + "    direction: higher\n    bootstrap: {}\n", "rules[0].bootstrap"),
            (base + "    direction: higher\n    floor: 1\n    bootstrap: {}\n", "rules[0].bootstrap"),
            (base + "    direction: higher\n    floor: 1\n    min_seeds: 3\n    bootstrap: {confidence: 1}\n", "rules[0].bootstrap.confidence"),
            (base + "    direction: higher\n    baseline: false\n", "rules[0]"),
            ("rules:\n  - name: a\n    select: {metric: f_1}\n    direction: higher\n", "rules[0].select.metric"),
            ("rules:\n  - name: a\n    select: {model: x}\n    direction: higher\n", "rules[0].select"),
            ("rules:\n  - name: a\n    select: {metric: f1, scenario: a, dataset: b}\n    direction: higher\n", "rules[0].select"),
            (base + "    direction: higher\n  - name: a\n    select: {metric: f1}\n    direction: higher\n", "rules[1].name"),
            ("rules: []\n", "rules"),
            ("rule: []\n", "rule"),
            ("defaults: {floor: 1}\nrules: []\n", "defaults.floor"),
        ]
        for (yaml, path) in cases {
            let e = try #require(refusal(yaml), "accepted:\n\(yaml)")
            #expect(e.keyPath == path, "\(yaml) → \(e)")
            #expect(e.line != nil || path == "rules[0].direction", "\(e)")
        }
        #expect(
            refusal("rules:\n  - name: a\n    select: {metric: f_1}\n    direction: higher\n")?.description.contains("did you mean 'f1'?") == true)
    }

    @Test func aMissingRulesFileIsAUsageError() {
        #expect {
            try GateRules.load(path: "/nonexistent/gates.yaml")
        } throws: { ($0 as? SpecError)?.exitStatus == .usage }
    }
}
