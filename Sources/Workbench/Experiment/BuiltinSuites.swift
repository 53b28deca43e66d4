/// Experiment specs compiled into the binary, so `faultline demo` needs no files.
public enum BuiltinSuites {
    /// The default suite: the default scenario, the streaming detectors, two multivariate ones and the robust per-series ensemble.
    public static let `default` = """
        # The default suite: what `faultline demo` runs.
        # The built-in shop (seed 1), trained on its first 24 hours (fault-free by design; the split reads
        # no ground truth), thresholded
        # so that the training day would have raised at most one alarm episode (an SRE's page budget, not a
        # score quantile: a 99.5 % quantile of 15 s rows alarms ~29 times a day on clean data by construction),
        # scored on the second day; baselines are added automatically.
        name: default
        datasets:
          - scenario: default
            seeds: [1]
        split:
          train: leading-hours
          hours: 24
        threshold:
          policy: budget
          per_day: 1
        models:
          - name: threshold
          - name: zscore
            params: {window: 240}
          - name: mad
            params: {window: 240}
          - name: ewma
          - name: holt_winters
          - name: change_point
            params: {recent: 20, reference: 240}
          - name: ewma
            label: ewma-spot
            threshold: {policy: spot}
          - name: pca
          - name: isolation_forest
          - name: ensemble
        """

    /// Names of the built-in suites.
    public static var names: [String] { ["default"] }

    /// The YAML of a built-in suite, if `name` is one.
    public static func yaml(named name: String) -> String? {
        name == "default" ? `default` : nil
    }
}
