import Telemetry

extension ModelRegistry {
    /// Family name of the novelty detectors: per-series streaming, a probation, scores in [0, 1].
    public static let noveltyFamily = "novelty"

    /// The NAB-style novelty detectors (docs/NAB.md): scores in [0, 1], sparse, one output per event.
    static let noveltyModels: [ModelDescriptor] = [
        ModelDescriptor(
            name: "entropy_novelty", family: noveltyFamily,
            summary: "New extremes (spatial rule) and novel value histograms (relative entropy vs. a library), each reported once; scores in [0, 1].",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "probation", .integer(min: 1, max: 1_000_000), default: "300",
                    "values that only build state (nab run sets the file's NAB probation unless given)"),
                ParameterDescriptor("window", .integer(min: 2, max: 100_000), default: "52", "values in the sliding histogram", countsRows: true),
                ParameterDescriptor(
                    "bins", .integer(min: 1, max: 1000), default: "5", "equal-width bins over the probation range (plus under/overflow)"),
                ParameterDescriptor(
                    "critical", .real(min: 0, minInclusive: false, max: 1_000_000, maxInclusive: true), default: "13.28",
                    "G = 2W·KL below which a histogram matches a stored one (χ²₀.₉₉ with 4 d.o.f.)"),
                ParameterDescriptor(
                    "spatial_margin", .real(min: 0, minInclusive: true, max: 1000, maxInclusive: true), default: "0.05",
                    "fraction of the seen range a new extreme must exceed it by"),
                ParameterDescriptor(
                    "refractory", .real(min: 0, minInclusive: true, max: 10, maxInclusive: true), default: "0.2",
                    "rows silenced after an alarm-level output, as a fraction of the probation"),
                ParameterDescriptor(
                    "trigger", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.25",
                    "smallest output that starts the refractory period"),
                ParameterDescriptor("references", .integer(min: 1, max: 100_000), default: "256", "histogram library size (least used replaced)"),
            ],
            factory: { p, _, kinds in
                let scorer = EntropyNoveltyScorer(
                    probation: p.integer("probation"), window: p.integer("window"), bins: p.integer("bins"),
                    critical: p.real("critical"), spatialMargin: p.real("spatial_margin"), refractory: p.real("refractory"),
                    trigger: p.real("trigger"), maxReferences: p.integer("references"))
                return PerSeriesDetector(name: "entropy_novelty", prototype: scorer, kinds: kinds)
            }),
        ModelDescriptor(
            name: "shape_novelty", family: noveltyFamily,
            summary:
                "New extremes (spatial rule) and novel short shapes (fuzzy ART on a downsampled, quantised series), each reported once; scores in [0, 1].",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "probation", .integer(min: 1, max: 1_000_000), default: "300",
                    "values that only build state (nab run sets the file's NAB probation unless given)"),
                ParameterDescriptor(
                    "spatial_margin", .real(min: 0, minInclusive: true, max: 1000, maxInclusive: true), default: "0.05",
                    "fraction of the seen range a new extreme must exceed it by"),
                ParameterDescriptor(
                    "refractory", .real(min: 0, minInclusive: true, max: 10, maxInclusive: true), default: "0.2",
                    "rows silenced after an alarm-level output, as a fraction of the probation"),
                ParameterDescriptor(
                    "trigger", .real(min: 0, minInclusive: false, max: 1, maxInclusive: true), default: "0.25",
                    "smallest output that starts the refractory period"),
                ParameterDescriptor(
                    "adaptive", .choice(["off", "on"]), default: "on",
                    "on: the vigilance drifts with the matches after the probation"),
            ],
            factory: { p, _, kinds in
                let scorer = ShapeNoveltyScorer(
                    probation: p.integer("probation"), spatialMargin: p.real("spatial_margin"),
                    refractory: p.real("refractory"), trigger: p.real("trigger"),
                    adaptive: p.word("adaptive") == "on")
                return PerSeriesDetector(name: "shape_novelty", prototype: scorer, kinds: kinds)
            }),
        ModelDescriptor(
            name: "novelty_ensemble", family: noveltyFamily,
            summary:
                "Union of new extremes, novel value histograms (entropy_novelty) and novel shapes (shape_novelty), one alarm per event; scores in [0, 1].",
            isStreaming: true,
            parameters: [
                ParameterDescriptor(
                    "probation", .integer(min: 1, max: 1_000_000), default: "300",
                    "values that only build state (nab run sets the file's NAB probation unless given)"),
                ParameterDescriptor(
                    "distribution_gate", .real(min: 0, minInclusive: false, max: 1, maxInclusive: false), default: "0.067",
                    "histogram-novelty grade 1 − critical/G that counts as an event (0.067 ⇔ G ≥ 1.07·critical)"),
                ParameterDescriptor(
                    "shape_gate", .real(min: 0, minInclusive: false, max: 1, maxInclusive: false), default: "0.8",
                    "shape-novelty grade that counts as an event"),
                ParameterDescriptor(
                    "spatial_margin", .real(min: 0, minInclusive: true, max: 1000, maxInclusive: true), default: "0.05",
                    "fraction of the seen range a new extreme must exceed it by"),
                ParameterDescriptor(
                    "refractory", .real(min: 0, minInclusive: true, max: 10, maxInclusive: true), default: "0.1",
                    "rows silenced after an event, as a fraction of the probation"),
                ParameterDescriptor(
                    "adaptive", .choice(["off", "on"]), default: "on",
                    "on: the shape channel's vigilance drifts with the matches after the probation"),
                ParameterDescriptor(
                    "window", .integer(min: 2, max: 100_000), default: "52", "values in the distribution channel's histogram", countsRows: true),
                ParameterDescriptor(
                    "bins", .integer(min: 1, max: 1000), default: "5", "the distribution channel's equal-width bins (plus under/overflow)"),
                ParameterDescriptor(
                    "critical", .real(min: 0, minInclusive: false, max: 1_000_000, maxInclusive: true), default: "13.28",
                    "the distribution channel's G below which a histogram matches a stored one (χ²₀.₉₉, bins − 1 d.o.f.)"),
            ],
            factory: { p, _, kinds in
                let scorer = NoveltyEnsembleScorer(
                    probation: p.integer("probation"), distributionGate: p.real("distribution_gate"),
                    shapeGate: p.real("shape_gate"), spatialMargin: p.real("spatial_margin"),
                    refractory: p.real("refractory"), adaptive: p.word("adaptive") == "on", window: p.integer("window"),
                    bins: p.integer("bins"), critical: p.real("critical"))
                return PerSeriesDetector(name: "novelty_ensemble", prototype: scorer, kinds: kinds)
            }),
    ]
}
