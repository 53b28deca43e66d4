extension MetricValue {
    /// The reason when undefined, nil otherwise.
    public var undefinedReason: String? {
        if case let .undefined(r) = self { return r }
        return nil
    }
}

extension MetricValue {
    /// Keeps a defined value only when `condition` holds; otherwise undefined with `reason`.
    func definedOnly(if condition: Bool, else reason: String) -> MetricValue {
        condition ? self : .undefined(reason)
    }
}
