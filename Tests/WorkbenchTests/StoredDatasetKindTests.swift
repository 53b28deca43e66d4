import Telemetry
import Testing

@testable import Workbench

/// Fault kinds a dataset's generator cannot have written.
@Suite struct StoredDatasetKindTests {
    // Regression (issue 17): an unknown fault kind in a simulated dataset was scored as if fine.
    @Test func aSimulatedDatasetWithAnUnknownFaultKindIsRefused() {
        #expect(throws: TelemetryError.self) {
            try StoredDataset.checkKinds(faults: ["alien-invasion"], benign: [], generator: "faultline-simulator 0.1.0", path: "m.json")
        }
        #expect(throws: TelemetryError.self) {
            try StoredDataset.checkKinds(faults: ["cpu-hog"], benign: ["party"], generator: "faultline-simulator 0.1.0", path: "m.json")
        }
        #expect(throws: TelemetryError.self) {
            try StoredDataset.checkKinds(faults: ["cpu-hog"], benign: [], generator: "faultline-interop smd", path: "m.json")
        }
        #expect(throws: TelemetryError.self) {
            try StoredDataset.checkKinds(faults: ["bad kind\n"], benign: [], generator: "someone else's tool", path: "m.json")
        }
    }

    @Test func knownKindsAndOtherToolsOwnNamesPass() throws {
        try StoredDataset.checkKinds(faults: ["cpu-hog", "pod-kill"], benign: ["deploy"], generator: "faultline-simulator 0.1.0", path: "m.json")
        try StoredDataset.checkKinds(faults: ["smd-anomaly"], benign: [], generator: "faultline-interop smd", path: "m.json")
        try StoredDataset.checkKinds(faults: ["k8s:OOMKilled"], benign: ["rollout"], generator: "acme-exporter 2", path: "m.json")
    }
}
