import Foundation
import Simulator
import Telemetry

/// Stored dataset folders as the workbench reads them (`evaluate`, `score`, `inspect`): everything
/// `DatasetStore` checks, plus the fault and benign-change kinds the generator can have written.
///
/// The store cannot know the simulator's kinds (Telemetry does not depend on Simulator), so the kinds are
/// checked here: a dataset written by the simulator names `FaultKind` and `BenignKind` values only, an SMD
/// import `smd-anomaly` only; other generators may use their own names, written as identifiers
/// (letters, digits, `-`, `_`, `.`, `:`, `/`; at most 64 characters).
enum StoredDataset {
    /// The generator prefix of simulated datasets (`faultline-simulator 0.1.0`).
    static let simulatorPrefix = "faultline-simulator"
    /// The generator of SMD imports and the one fault kind it writes.
    static let smdGenerator = "faultline-interop smd"
    static let smdKind = "smd-anomaly"

    /// Reads and validates a dataset folder.
    ///
    /// - Throws: the store's `TelemetryError`s, and `.corruptFile` naming `manifest.json` and the key for a
    ///   kind the generator cannot have written.
    static func read(_ url: URL) throws -> Dataset {
        let dataset = try DatasetStore.read(from: url)
        try checkKinds(
            faults: dataset.groundTruth.faults.map(\.kind), benign: dataset.groundTruth.benignChanges.map(\.kind),
            generator: dataset.info.generator, path: url.appendingPathComponent(DatasetStore.manifestFile).path)
        return dataset
    }

    /// Checks fault and benign-change kinds against what `generator` writes.
    ///
    /// - Throws: `TelemetryError.corruptFile` naming `path` and the key (`groundTruth.faults[0].kind`).
    static func checkKinds(faults: [String], benign: [String], generator: String, path: String) throws {
        let faultKinds: [String]?
        let benignKinds: [String]?
        if generator.hasPrefix(simulatorPrefix) {
            faultKinds = FaultKind.allCases.map(\.rawValue)
            benignKinds = BenignKind.allCases.map(\.rawValue)
        } else if generator == smdGenerator {
            faultKinds = [smdKind]
            benignKinds = []
        } else {
            faultKinds = nil
            benignKinds = nil
        }
        func check(_ kinds: [String], _ known: [String]?, _ key: String, _ what: String) throws {
            for (i, kind) in kinds.enumerated() {
                if let known {
                    guard known.contains(kind) else {
                        let list = known.isEmpty ? "none" : known.joined(separator: ", ")
                        let nearest = kind.count <= 64 ? NearestName.hint(kind, among: known) : ""
                        throw TelemetryError.corruptFile(
                            path: path,
                            reason: "inconsistent ground truth: groundTruth.\(key)[\(i)].kind: unknown \(what) kind '\(ExperimentSpec.shown(kind))' "
                                + "for a dataset written by '\(generator)'\(nearest) (kinds: \(list))")
                    }
                } else if !isIdentifier(kind) {
                    throw TelemetryError.corruptFile(
                        path: path,
                        reason: "inconsistent ground truth: groundTruth.\(key)[\(i)].kind: '\(ExperimentSpec.shown(kind))' is not a kind name")
                }
            }
        }
        try check(faults, faultKinds, "faults", "fault")
        try check(benign, benignKinds, "benignChanges", "benign-change")
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64
            && s.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:/".unicodeScalars.contains($0))
            }
    }
}
