/// Experiment specs compiled into the binary, so `faultline demo` needs no files.
public enum BuiltinSuites {
    /// The default suite: the default scenario, the baseline detectors and the streaming detectors.
    public static let `default` = """
    # The default suite: what `faultline demo` runs.
    # One simulated day and a half of the built-in shop (seed 1), trained on the fault-free
    # leading span, thresholded on training scores, scored on the rest.
    name: default
    datasets:
      - scenario: default
        seeds: [1]
    split:
      train: leading-fault-free
      margin_minutes: 30
    threshold:
      policy: quantile
      q: 0.995
    models:
      - name: threshold
      - name: zscore
        params:
          window: 240
    """

    /// Names of the built-in suites.
    public static var names: [String] { ["default"] }

    /// The YAML of a built-in suite, if `name` is one.
    public static func yaml(named name: String) -> String? {
        name == "default" ? `default` : nil
    }
}
