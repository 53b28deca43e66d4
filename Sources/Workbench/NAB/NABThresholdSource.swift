import Evaluation
import Foundation
import Interop
import Telemetry

/// A detector's committed NAB thresholds and the corpus's profiles, read by `NABCorpusLayout`; the
/// thresholds are looked up in this order:
///
/// 1. `<corpus>/config/thresholds.json` (NAB's own: `{detector: {profile: {"threshold": θ, …}}}`);
/// 2. `<results>/thresholds.json` in the same shape, or `{profile: {"threshold": θ}}`;
/// 3. `<corpus>/reference_<detector>_scores.json` (`profiles.<profile>.threshold`);
/// 4. `<results>/<detector>_<profile>_scores.csv`, the `Threshold` column (written to 12 digits).
public enum NABThresholdSource {
    /// The committed threshold of `detector` for `profile` and the file it came from, or nil
    /// (`NABCorpusLayout.committedThreshold` reads the files).
    ///
    /// - Throws: `DataError` when a thresholds file exists but is malformed.
    public static func committed(corpus: URL, results: URL, detector: String, profile: String) throws -> (threshold: Double, source: String)? {
        try NABCorpusLayout.committedThreshold(corpus: corpus, results: results, detector: detector, profile: profile)
    }

    /// The profile named `name` of the corpus, or all of them for `all`.
    ///
    /// - Throws: `UsageError` for an unknown name (listing the known ones), `DataError` for a malformed file.
    public static func profiles(named name: String, corpus: URL) throws -> [NABProfile] {
        let available = try profiles(corpus: corpus)
        if name == "all" { return available }
        if let p = available.first(where: { $0.name == name }) { return [p] }
        throw UsageError(
            "unknown profile '\(name)'",
            hint: "one of: \((available.map(\.name) + ["all"]).joined(separator: ", "))")
    }

    /// The profiles of `<corpus>/config/profiles.json` (`{name: {"CostMatrix": {tpWeight, fpWeight, fnWeight}}}`),
    /// or METRICS §4's three when the file is absent.
    ///
    /// - Throws: `DataError` for a malformed file.
    public static func profiles(corpus: URL) throws -> [NABProfile] {
        guard let matrices = try NABCorpusLayout.costMatrices(corpus: corpus) else { return NABProfile.all }
        let out = matrices.map { NABProfile(name: $0.name, tpWeight: $0.tp, fpWeight: $0.fp, fnWeight: $0.fn) }
        // NAB's order first, then any extra profiles by name.
        let order = NABProfile.all.map(\.name)
        return out.sorted { (order.firstIndex(of: $0.name) ?? order.count, $0.name) < (order.firstIndex(of: $1.name) ?? order.count, $1.name) }
    }
}
