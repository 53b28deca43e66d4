import Telemetry

/// One incident to explain: telemetry with series descriptors (entity, metric), the rows of a fault-free
/// window and of the incident window (both into `frame`), the candidate entities and, where known, the
/// call graph. The ground truth is not part of it: a ranker never sees the answer.
public struct IncidentCase: Sendable {
    /// Case name, used in every message about it.
    public var id: String
    /// Rows = time, columns = series; `NaN` is missing.
    public var frame: MetricFrame
    /// One descriptor per column of `frame`.
    public var series: [SeriesDescriptor]
    /// Fault-free rows of `frame`.
    public var normalRows: Range<Int>
    /// Rows of `frame` from the incident time on.
    public var incidentRows: Range<Int>
    /// Every entity that could be the cause (omitted ones rank last, tied); at least the series' entities.
    public var candidates: [String]
    /// The call graph, when the source records one.
    public var topology: Topology?
    /// Spans that started in the normal window and in the incident window (empty when the source has no traces).
    public var normalSpans: [Span]
    public var incidentSpans: [Span]

    /// Creates a case; `candidates` defaults to the series' entities in first-occurrence order.
    public init(
        id: String, frame: MetricFrame, series: [SeriesDescriptor], normalRows: Range<Int>, incidentRows: Range<Int>,
        candidates: [String]? = nil, topology: Topology? = nil, normalSpans: [Span] = [], incidentSpans: [Span] = []
    ) {
        self.normalSpans = normalSpans
        self.incidentSpans = incidentSpans
        self.id = id
        self.frame = frame
        self.series = series
        self.normalRows = normalRows
        self.incidentRows = incidentRows
        var seen = Set<String>()
        self.candidates = candidates ?? series.map(\.entity).filter { seen.insert($0).inserted }
        self.topology = topology
    }
}

/// One ranked candidate: an entity, the metric that put it there when the ranker knows, and its score
/// (higher = more likely the cause).
public struct RankedCandidate: Sendable, Equatable, Codable {
    public var entity: String
    public var metric: String?
    public var score: Double

    public init(entity: String, metric: String? = nil, score: Double) {
        self.entity = entity
        self.metric = metric
        self.score = score
    }
}

/// A ranker's answer: entities best first (score descending, equal scores by entity name, so the order
/// never depends on the input's column order), and the series ranking it came from.
public struct RootCauseRanking: Sendable, Equatable {
    /// Entities, best first; an entity's score is the maximum over its series.
    public var entities: [RankedCandidate]
    /// Series (entity and metric), best first, same tie rule (then by metric name).
    public var metrics: [RankedCandidate]

    /// Orders `metrics` and derives the entity ranking (maximum over each entity's series).
    public init(metrics: [RankedCandidate]) {
        let sorted = metrics.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.entity != $1.entity { return $0.entity < $1.entity }
            return ($0.metric ?? "") < ($1.metric ?? "")
        }
        var seen = Set<String>()
        self.metrics = sorted
        self.entities = sorted.filter { seen.insert($0.entity).inserted }
    }
}

/// What every root-cause ranker does: given a case, rank its candidates.
public protocol RootCauseRanker: Sendable {
    /// Ranks the case's entities best first.
    ///
    /// - Throws: `RootCauseError` naming the case and the field (an empty window, a series without
    ///   entity or metric, a series with no finite value in a window).
    func rank(_ incident: IncidentCase) throws -> RootCauseRanking
}

/// A case a ranker cannot work with (exit 3 through the CLI); every case names the incident and field.
public enum RootCauseError: Error, Sendable, Equatable, CustomStringConvertible, ClassifiedError {
    /// The `normal` or `incident` window has no rows.
    case emptyWindow(caseID: String, window: String)
    /// A series lacks its entity or metric name, or has no finite value in a window.
    case missingMetric(caseID: String, series: String, reason: String)
    /// Descriptors and frame columns disagree, or a window lies outside the frame.
    case shape(caseID: String, reason: String)
    /// A graph ranker's call graph is absent or names an entity without series.
    case topology(caseID: String, reason: String)
    /// A trace ranker's case has no spans in a window.
    case noSpans(caseID: String, window: String)

    public var exitStatus: ExitStatus { .data }
    public var hint: String? { nil }

    public var description: String {
        switch self {
        case let .emptyWindow(id, window): return "case \(id): the \(window) window is empty (field \(window)Rows)"
        case let .missingMetric(id, series, reason): return "case \(id): series '\(series)' \(reason) (field series)"
        case let .shape(id, reason): return "case \(id): \(reason) (field frame)"
        case let .topology(id, reason): return "case \(id): \(reason) (field topology)"
        case let .noSpans(id, window): return "case \(id): no spans in the \(window) window (field \(window)Spans; the source has no traces)"
        }
    }
}

extension IncidentCase {
    /// Checks the shape every ranker relies on.
    ///
    /// - Throws: `RootCauseError` naming this case and the field.
    public func validate() throws {
        guard series.count == frame.columns else {
            throw RootCauseError.shape(caseID: id, reason: "\(series.count) descriptors for \(frame.columns) columns")
        }
        if series.isEmpty { throw RootCauseError.missingMetric(caseID: id, series: "-", reason: "is absent: the case has no series") }
        guard !normalRows.isEmpty else { throw RootCauseError.emptyWindow(caseID: id, window: "normal") }
        guard !incidentRows.isEmpty else { throw RootCauseError.emptyWindow(caseID: id, window: "incident") }
        for w in [normalRows, incidentRows] where w.lowerBound < 0 || w.upperBound > frame.rows {
            throw RootCauseError.shape(caseID: id, reason: "window \(w) outside the frame's \(frame.rows) rows")
        }
        for s in series where s.entity.isEmpty || s.metric.isEmpty {
            throw RootCauseError.missingMetric(caseID: id, series: s.id, reason: s.entity.isEmpty ? "has no entity" : "has no metric name")
        }
    }

    /// The finite values of column `c` in `window`.
    ///
    /// - Throws: `RootCauseError.missingMetric` when there are none.
    func finiteValues(_ c: Int, _ window: Range<Int>, name: String) throws -> [Double] {
        let values = frame.withColumn(c) { col in window.map { col[$0] }.filter(\.isFinite) }
        guard !values.isEmpty else {
            throw RootCauseError.missingMetric(caseID: id, series: series[c].id, reason: "has no finite value in the \(name) window")
        }
        return values
    }
}
