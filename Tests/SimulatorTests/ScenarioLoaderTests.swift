import FaultlineTestSupport
import Foundation
import Telemetry
import Testing

@testable import Simulator

@Suite struct ScenarioLoaderTests {
    @Test func defaultScenarioIsAShopOverThreeDaysWithAFaultFreeLeadingSpan() throws {
        let s = try ScenarioLoader.parse(yaml: BuiltinScenarios.default, source: "default")
        #expect(s.name == "default")
        #expect(s.services.count >= 12)
        #expect(s.durationMs == 3 * 86_400_000)
        #expect(s.stepMs == 15_000)
        #expect(s.faults.count >= 5)
        #expect(s.benign.count >= 3)
        let first = try #require(s.faults.map(\.startMs).min())
        #expect(first >= 8 * 3_600_000)
        #expect(Set(s.faults.map(\.kind)).count == s.faults.count)
    }

    @Test(arguments: BuiltinScenarios.names)
    func embeddedScenarioIsIdenticalToTheFileInScenarios(name: String) throws {
        let url = SharedData.repositoryRoot.appendingPathComponent("Scenarios/\(name).yaml")
        let file = try String(contentsOf: url, encoding: .utf8)
        #expect(BuiltinScenarios.text(named: name) == file)
    }

    // Regression (issue #17): Scenarios/README.md says every scenario there is compiled in, yet
    // `faultline simulate tiny` answered "no built-in scenario or file named 'tiny'".
    @Test func everyScenarioFileResolvesByItsNameToItsOwnText() throws {
        let dir = SharedData.repositoryRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.contains("tiny.yaml"))
        for f in files {
            let name = String(f.dropLast(".yaml".count))
            #expect(BuiltinScenarios.names.contains(name), "Scenarios/\(f) is not compiled in")
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            let s = try ScenarioLoader.resolve(name)
            #expect(s.sourceText == text, "'\(name)' resolves to a different text than Scenarios/\(f)")
        }
    }

    @Test func everyScenarioFileValidates() throws {
        let dir = SharedData.repositoryRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 8)
        for f in files {
            let s = try ScenarioLoader.load(path: dir.appendingPathComponent(f).path)
            #expect(!s.description.isEmpty, "\(f) needs a description")
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            #expect(text.hasPrefix("#"), "\(f) starts with a comment block saying what it exercises")
        }
    }

    @Test func yamlSyntaxErrorCarriesLineAndColumn() {
        let text = "name: x\nduration: 1d\nservices:\n  - {name: web, entry_share: 1\n"
        let e = #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(yaml: text, source: "bad.yaml") }
        #expect(e?.line != nil)
        #expect(e?.column != nil)
        #expect(e?.description.contains("bad.yaml:") == true)
        #expect(e?.message.contains("YAML syntax error") == true)
    }

    @Test func unknownKeyNamesTheNearestValidKeyAndItsLine() {
        let text = TestWorld.yaml().replacingOccurrences(of: "{from: web, to: cache, fan_out: 1", with: "{from: web, to: cache, fanout: 1")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message == "unknown key 'fanout'")
        #expect(e?.hint == "did you mean 'fan_out'?")
        #expect(e?.keyPath == "edges[2].fanout")
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("fanout") }.map { $0 + 1 }
        #expect(e?.line == line)
    }

    @Test func unknownTopLevelKeyIsRejected() {
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(TestWorld.yaml(extra: "fautls: []")) }
        #expect(e?.hint == "did you mean 'faults'?")
    }

    @Test func unknownFaultKindListsTheValidKinds() {
        let extra = "faults:\n  - {kind: cpu-hogg, target: api, start: 2h}"
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(TestWorld.yaml(extra: extra)) }
        #expect(e?.message == "unknown fault kind 'cpu-hogg'")
        for k in FaultKind.allCases { #expect(e?.hint?.contains(k.rawValue) == true) }
        #expect(e?.hint?.hasPrefix("did you mean 'cpu-hog'?") == true)
    }

    @Test func negativeRatesAreRejected() {
        let text = TestWorld.yaml().replacingOccurrences(of: "entry_rate: 100", with: "entry_rate: -5")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message == "entry_rate must be above 0 and at most 1000000, found -5")
        let fan = TestWorld.yaml().replacingOccurrences(of: "fan_out: 2", with: "fan_out: -2")
        #expect(throws: ScenarioError.self) { try TestWorld.scenario(fan) }
    }

    @Test func faultOutsideTheRunIsRejectedAlsoAfterShorteningIt() throws {
        let extra = "faults:\n  - {kind: cpu-hog, target: api, start: 20h, duration: 1h}"
        _ = try TestWorld.scenario(TestWorld.yaml(extra: extra))
        let e = #expect(throws: ScenarioError.self) {
            try TestWorld.scenario(TestWorld.yaml(extra: extra), overrides: ScenarioOverrides(days: 0.5))
        }
        #expect(e?.message.contains("ends after the run") == true)
        let late = "faults:\n  - {kind: cpu-hog, target: api, start: 23h30m, duration: 1h}"
        #expect(throws: ScenarioError.self) { try TestWorld.scenario(TestWorld.yaml(extra: late)) }
    }

    @Test func edgeToAnUnknownServiceIsRejectedWithASuggestion() {
        let text = TestWorld.yaml().replacingOccurrences(of: "{from: api, to: db,", with: "{from: api, to: dbb,")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message == "edge refers to unknown service 'dbb'")
        #expect(e?.hint == "did you mean 'db'?")
        #expect(e?.line != nil)
    }

    @Test func callCycleIsRejectedAndNamed() {
        let text = TestWorld.yaml().replacingOccurrences(
            of: "  - {from: web, to: cache, fan_out: 1, timeout: 100ms}",
            with: "  - {from: web, to: cache, fan_out: 1, timeout: 100ms}\n  - {from: db, to: api}")
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(text) }
        #expect(e?.message.contains("cycle") == true)
        #expect(e?.message.contains("api → db → api") == true)
    }

    @Test func overlappingFaultsAreRejectedUnlessBothAreCompound() throws {
        let overlap =
            "faults:\n  - {kind: cpu-hog, target: api, start: 2h, duration: 1h}\n  - {kind: network-delay, target: db, start: 2h30m, duration: 1h}"
        let e = #expect(throws: ScenarioError.self) { try TestWorld.scenario(TestWorld.yaml(extra: overlap)) }
        #expect(e?.message.contains("overlap") == true)
        let compound = overlap.replacingOccurrences(of: "duration: 1h}", with: "duration: 1h, compound: true}")
        let s = try TestWorld.scenario(TestWorld.yaml(extra: compound))
        #expect(s.faults.allSatisfy { $0.compound })
    }

    @Test func servicesOverrideAppliesOnlyToGeneratedGraphs() throws {
        #expect(throws: ScenarioError.self) { try TestWorld.scenario(TestWorld.yaml(), overrides: ScenarioOverrides(services: 40)) }
        let gen = "name: g\nduration: 1h\ngenerate: {services: 10, depth: 3, fan_out: 2}\n"
        let s = try TestWorld.scenario(gen, overrides: ScenarioOverrides(services: 45, seed: 9))
        #expect(s.services.count == 45)
        #expect(s.seed == 9)
        #expect(s.edges.allSatisfy { e in s.services.contains { $0.name == e.to } })
    }

    @Test func durationsParseInEveryUnit() {
        #expect(DurationText.milliseconds("15s") == 15_000)
        #expect(DurationText.milliseconds("1h30m") == 5_400_000)
        #expect(DurationText.milliseconds("250ms") == 250)
        #expect(DurationText.milliseconds("2d") == 172_800_000)
        #expect(DurationText.milliseconds("90") == 90_000)
        #expect(DurationText.milliseconds("abc") == nil)
        #expect(DurationText.milliseconds("5x") == nil)
    }

    @Test func errorDescriptionReadsFileLineColumnPathAndHint() {
        let e = ScenarioError(
            source: "a.yaml", line: 3, column: 7, keyPath: "edges[2].fanout", message: "unknown key 'fanout'",
            hint: "did you mean 'fan_out'?")
        #expect(e.description == "unknown key 'fanout' (a.yaml:3:7, edges[2].fanout); did you mean 'fan_out'?")
    }
}
