/// Foreign formats Faultline reads into `Telemetry` values.
public enum ImportFormat: String, Sendable, CaseIterable, Codable {
    /// NAB corpus file: `timestamp,value` CSV plus `combined_windows.json`.
    case nab
    /// Generic CSV with a timestamp column and one column per series.
    case csv
}
