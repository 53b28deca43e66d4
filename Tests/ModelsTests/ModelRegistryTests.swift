import Models
import Telemetry
import Testing

@Suite struct ModelRegistryTests {
    let registry = ModelRegistry.standard

    @Test func everyBaselineAndIssueSixDetectorIsRegistered() {
        for name in ["null", "random", "threshold", "zscore", "mad", "ewma", "cusum", "holt_winters", "spectral_residual", "change_point"] {
            #expect(registry.names.contains(name), "\(name)")
        }
    }

    @Test func anUnknownNameNamesTheNearestValidName() {
        #expect(throws: ModelError.unknownModel(name: "zscroe", nearest: "zscore")) { try registry.make(name: "zscroe", seed: 0) }
        #expect(throws: ModelError.unknownModel(name: "holtwinters", nearest: "holt_winters")) { try registry.make(name: "holtwinters", seed: 0) }
        let error = ModelError.unknownModel(name: "cusm", nearest: "cusum")
        #expect(error.description.contains("did you mean 'cusum'"))
        #expect(error.isConfigurationError)
    }

    @Test func anUnknownParameterNamesTheKeyAndListsTheValidKeys() {
        #expect(throws: ModelError.unknownParameter(model: "zscore", key: "windw", valid: ["window"])) {
            try registry.make(name: "zscore", parameters: ["windw": "10"], seed: 0)
        }
        let e = ModelError.unknownParameter(model: "change_point", key: "x", valid: ["recent", "reference"])
        #expect(e.description.contains("x") && e.description.contains("recent, reference"))
    }

    @Test func badValuesAreRejectedNamingTheKey() {
        let cases: [(String, [String: String], String)] = [
            ("zscore", ["window": "1"], "window"),
            ("zscore", ["window": "ten"], "window"),
            ("ewma", ["lambda": "0"], "lambda"),
            ("ewma", ["lambda": "1.5"], "lambda"),
            ("threshold", ["mode": "values"], "mode"),
            ("spectral_residual", ["length": "48"], "length"),
            ("spectral_residual", ["length": "16", "extend": "8"], "extend"),
            ("holt_winters", ["beta": "-0.1"], "beta"),
        ]
        for (name, params, key) in cases {
            do {
                _ = try registry.make(name: name, parameters: params, seed: 0)
                Issue.record("\(name) \(params) was accepted")
            } catch let ModelError.invalidParameter(model, k, _, _) {
                #expect(model == name && k == key, "\(name) \(params)")
            } catch {
                Issue.record("\(name) \(params): unexpected \(error)")
            }
        }
    }

    @Test func everyParameterIsDocumentedAndItsDefaultValidates() throws {
        for d in registry.descriptors {
            #expect(!d.summary.isEmpty && !d.family.isEmpty)
            for p in d.parameters {
                #expect(!p.summary.isEmpty && !p.range.isEmpty, "\(d.name).\(p.name)")
                _ = try p.validate(p.defaultValue, model: d.name)
            }
            try registry.validate(name: d.name, parameters: [:])
        }
    }

    @Test func parametersChangeTheModelTheyBuild() throws {
        let frame = try Fixtures.mixedFrame(rows: 150, seed: 3)
        let a = try registry.make(name: "zscore", parameters: ["window": "10"], seed: 0).scores(for: frame)
        let b = try registry.make(name: "zscore", parameters: ["window": "50"], seed: 0).scores(for: frame)
        #expect(a != b)
        let r1 = try registry.make(name: "random", seed: 1).scores(for: frame)
        let r2 = try registry.make(name: "random", seed: 2).scores(for: frame)
        #expect(r1 != r2)
    }

    @Test func rangesReadAsIntervals() {
        #expect(ParameterDescriptor("w", .integer(min: 2, max: nil), default: "2", "x").range == "[2, ∞)")
        #expect(ParameterDescriptor("w", .integer(min: 3, max: 9), default: "3", "x").range == "[3, 9]")
        #expect(ParameterDescriptor("l", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.1", "x").range == "(0.0, 1.0]")
    }

    @Test func keyValueAssignmentsParseAndMalformedOnesAreRejected() throws {
        #expect(try ModelRegistry.parameters(fromAssignments: ["window=12", " k = 0.5"], model: "x") == ["window": "12", "k": "0.5"])
        #expect(throws: ModelError.self) { try ModelRegistry.parameters(fromAssignments: ["window"], model: "zscore") }
        #expect(throws: ModelError.self) { try ModelRegistry.parameters(fromAssignments: ["=3"], model: "zscore") }
        #expect(throws: ModelError.self) { try ModelRegistry.parameters(fromAssignments: ["w=1", "w=2"], model: "zscore") }
    }
}
