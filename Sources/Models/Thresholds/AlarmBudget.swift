/// The `budget` threshold policy (METRICS.md §5): the lowest θ at which the fault-free training span
/// would have raised at most `perDay × days` alarm episodes — and so would every higher θ.
///
/// SREs size alerting by pages per day, not by a score quantile: a 99.5 % quantile of 15-second rows
/// alarms ~29 times a day on clean data by construction, while `budget(per_day = 1)` allows one episode
/// per training day whatever the step.
///
/// Candidates are `nextUp(v)` for the distinct training scores `v` (an alarm is `s ≥ θ`, i.e. `s > v`),
/// so constant training scores give θ just above them rather than an alarm on every equal row.
/// Episodes at `θ = nextUp(v)` start at rows `t` with `s_t > v ≥ s_{t−1}` (row 0: `s_0 > v`); one sweep
/// over the sorted episode-start intervals counts them for every candidate at once.
public enum AlarmBudget {
    /// θ for at most `maxEpisodes` alarm episodes on `training` (finite scores, at least one).
    ///
    /// - Complexity: O(n log n).
    public static func threshold(training: [Double], maxEpisodes: Double) -> Double {
        let n = training.count
        guard n > 0 else { return .infinity }
        // An episode starts at t for θ = nextUp(v) with lo_t ≤ v < hi_t, where hi_t = s_t and
        // lo_t = s_{t−1} (−∞ for t = 0); rows with s_{t−1} ≥ s_t never start one.
        var highs: [Double] = []
        var lows: [Double] = []
        highs.reserveCapacity(n / 2 + 1)
        lows.reserveCapacity(n / 2 + 1)
        training.withUnsafeBufferPointer { s in
            highs.append(s[0])
            lows.append(-.infinity)
            for t in 1..<max(n, 1) where s[t] > s[t - 1] {
                highs.append(s[t])
                lows.append(s[t - 1])
            }
        }
        highs.sort(by: >)
        lows.sort(by: >)
        let values = training.sorted(by: >)
        // Descending over distinct v: count(v) = #{hi > v} − #{lo > v}.
        var hi = 0, lo = 0
        var theta = values[0].nextUp  // no training row alarms
        var i = 0
        while i < n {
            let v = values[i]
            while hi < highs.count && highs[hi] > v { hi += 1 }
            while lo < lows.count && lows[lo] > v { lo += 1 }
            if Double(hi - lo) > maxEpisodes { break }
            theta = v.nextUp
            while i < n && values[i] == v { i += 1 }
        }
        return theta
    }

    /// Alarm episodes (maximal runs of `s ≥ θ`) in `scores`: the brute-force count the sweep must match.
    public static func episodes(_ scores: [Double], theta: Double) -> Int {
        var count = 0
        var inside = false
        for s in scores {
            if s >= theta { if !inside { count += 1 }; inside = true } else { inside = false }
        }
        return count
    }
}
