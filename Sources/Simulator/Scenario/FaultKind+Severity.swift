extension FaultKind {
    /// The severities this kind is injected with when a scenario does not fix `intensity`.
    ///
    /// Real incident sets are bimodal: resource faults (CPU, memory, disk) are mostly plain, while code
    /// defects, configuration regressions and network delays often sit near the noise floor (Nezha's
    /// Online Boutique faults). So the mild share is larger for those kinds. Each mild range runs from
    /// where the fault's largest peak |z| (ground truth's `peakZ`, observed values at the run's step) is
    /// about 2–5 on the default scenario to where it is about 10–20, or to the kind's first step change;
    /// severe ranges run to full strength. Measured by `python3 docs/severity_check.py` (the table is in
    /// `Scenarios/README.md`, "Severity"). Resource faults whose series are flat in health (memory, disk)
    /// stand out at any strength that leaves the normal band; the mild share there models a slow creep
    /// that never reaches the limit.
    public var severity: SeverityDistribution {
        switch self {
        case .cpuHog: return SeverityDistribution(mildShare: 0.4, mild: 0.05...0.4, severe: 0.6...1)
        case .memoryLeak: return SeverityDistribution(mildShare: 0.4, mild: 0.2...0.6, severe: 0.9...1)
        case .memoryStress: return SeverityDistribution(mildShare: 0.4, mild: 0.08...0.2, severe: 0.5...1)
        case .diskFill: return SeverityDistribution(mildShare: 0.4, mild: 0.15...0.5, severe: 0.8...1)
        case .diskIOLatency: return SeverityDistribution(mildShare: 0.6, mild: 0.005...0.02, severe: 0.1...1)
        case .networkDelay: return SeverityDistribution(mildShare: 0.6, mild: 0.03...0.3, severe: 0.5...1)
        case .networkLoss: return SeverityDistribution(mildShare: 0.5, mild: 0.08...0.3, severe: 0.4...1)
        case .networkPartition: return SeverityDistribution(mildShare: 0.3, mild: 0.02...0.15, severe: 0.5...1)
        case .podKill: return SeverityDistribution(mildShare: 0.4, mild: 0.05...0.3, severe: 0.5...1)
        case .crashLoop: return SeverityDistribution(mildShare: 0.4, mild: 0.02...0.06, severe: 0.3...1)
        case .dependencyOutage: return SeverityDistribution(mildShare: 0.3, mild: 0.002...0.02, severe: 0.6...1)
        case .badDeploy: return SeverityDistribution(mildShare: 0.6, mild: 0.01...0.04, severe: 0.3...1)
        case .configRegression: return SeverityDistribution(mildShare: 0.6, mild: 0.05...0.4, severe: 0.6...1)
        case .connectionPoolExhaustion: return SeverityDistribution(mildShare: 0.4, mild: 0.2...0.6, severe: 0.8...1)
        case .connectionLeak: return SeverityDistribution(mildShare: 0.4, mild: 0.2...0.6, severe: 0.8...1)
        }
    }
}
