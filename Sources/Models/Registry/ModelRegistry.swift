import Telemetry

/// Maps the model names used in experiment specs and on the command line to documented factories.
///
/// ```swift
/// var detector = try ModelRegistry.standard.make(name: "zscore", parameters: ["window": "120"], seed: 7)
/// try detector.fit(training: trainingFrame)
/// let scores = try detector.scores(for: testFrame)
/// ```
public struct ModelRegistry: Sendable {
    /// Registered models, in listing order.
    public private(set) var descriptors: [ModelDescriptor]

    /// A registry holding `descriptors`.
    ///
    /// - Precondition: names are unique.
    public init(_ descriptors: [ModelDescriptor]) {
        precondition(Set(descriptors.map(\.name)).count == descriptors.count, "duplicate model names")
        self.descriptors = descriptors
    }

    /// Adds a model (e.g. one from another family), replacing any model of the same name.
    public mutating func register(_ descriptor: ModelDescriptor) {
        descriptors.removeAll { $0.name == descriptor.name }
        descriptors.append(descriptor)
    }

    /// Registered names, in listing order.
    public var names: [String] { descriptors.map(\.name) }

    /// The descriptor of `name`.
    ///
    /// - Throws: `ModelError.unknownModel` naming the nearest registered name (edit distance).
    public func descriptor(named name: String) throws -> ModelDescriptor {
        if let d = descriptors.first(where: { $0.name == name }) { return d }
        throw ModelError.unknownModel(name: name, nearest: NearestName.suggest(name, among: names))
    }

    /// Checks a model name and its parameters without building the model (for spec validation).
    ///
    /// - Throws: as `make`.
    public func validate(name: String, parameters: [String: String]) throws {
        let d = try descriptor(named: name)
        _ = try d.factory(try ParameterValues(model: name, descriptors: d.parameters, given: parameters), 0, nil)
    }

    /// Builds the model `name` with `parameters` (missing keys take their defaults).
    ///
    /// - Parameters:
    ///   - name: a registered name.
    ///   - parameters: key → value as written in a spec or `--param key=value`.
    ///   - seed: the explicit seed (used by randomised models; others ignore it).
    ///   - kinds: optional series kinds, one per column of the frames the model will see; counters are
    ///     differenced (a drop is a reset): by the per-series detectors themselves, and for the
    ///     multivariate ones through `CounterIncrementDetector`.
    /// - Throws: `ModelError.unknownModel` (with the nearest name), `.unknownParameter` (naming the key and
    ///   listing the valid keys) or `.invalidParameter`.
    ///   - dataRows: the rows of the data the model will be fitted on and score; when given, a window-like
    ///     parameter (`ParameterDescriptor.countsRows`) larger than it is refused before anything is allocated.
    public func make(
        name: String, parameters: [String: String] = [:], seed: UInt64, kinds: [SeriesKind]? = nil, dataRows: Int? = nil
    ) throws -> any AnomalyDetector {
        let d = try descriptor(named: name)
        let values = try ParameterValues(model: name, descriptors: d.parameters, given: parameters)
        if let dataRows { try Self.checkRows(values, descriptors: d.parameters, model: name, dataRows: dataRows) }
        return try d.factory(values, seed, kinds)
    }

    /// Refuses window-like parameters longer than the data: `ModelError.invalidParameter` naming the key, its
    /// value and the rows there are.
    static func checkRows(_ values: ParameterValues, descriptors: [ParameterDescriptor], model: String, dataRows: Int) throws {
        for p in descriptors where p.countsRows {
            let v = values.integer(p.name)
            guard v <= dataRows else {
                throw ModelError.invalidParameter(
                    model: model, key: p.name, value: "\(v)",
                    reason: "longer than the \(dataRows) rows of the data it would run on (a window that never fills)")
            }
        }
    }

    /// Turns `key=value` assignments (as given to `--param`) into a parameter dictionary.
    ///
    /// - Throws: `ModelError.invalidParameter` for an assignment without `=` or with an empty key, or a
    ///   key given twice, naming `model` and the assignment.
    public static func parameters(fromAssignments assignments: [String], model: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for a in assignments {
            guard let eq = a.firstIndex(of: "="), eq != a.startIndex else {
                throw ModelError.invalidParameter(model: model, key: a, value: a, reason: "expected key=value")
            }
            let key = String(a[..<eq]).trimmingWhitespace()
            let value = String(a[a.index(after: eq)...]).trimmingWhitespace()
            guard out[key] == nil else {
                throw ModelError.invalidParameter(model: model, key: key, value: value, reason: "given more than once")
            }
            out[key] = value
        }
        return out
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
