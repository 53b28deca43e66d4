/// When a group of alerts pages someone, with Alertmanager's semantics.
///
/// A group's first notification goes out `groupWaitMs` after its first alert fired (so alerts firing
/// together are sent together). After that the group is flushed every `groupIntervalMs`: a flush sends a
/// notification when alerts joined since the last one; otherwise one goes out once `repeatIntervalMs` has
/// passed since the last notification while the group still has an active alert. A group whose alerts
/// have all ended sends nothing more.
public struct NotificationPolicy: Sendable, Hashable {
    public var groupWaitMs: Int64
    public var groupIntervalMs: Int64
    public var repeatIntervalMs: Int64

    /// Alertmanager's defaults: 30 s, 5 min, 4 h.
    public init(groupWaitMs: Int64 = 30_000, groupIntervalMs: Int64 = 300_000, repeatIntervalMs: Int64 = 14_400_000) {
        self.groupWaitMs = max(0, groupWaitMs)
        self.groupIntervalMs = max(1, groupIntervalMs)
        self.repeatIntervalMs = max(1, repeatIntervalMs)
    }

    /// Notifications sent for one group.
    ///
    /// - Parameters:
    ///   - firings: the firing times of the group's alerts (epoch ms), any order.
    ///   - endMs: the last time any of its alerts was active.
    public func notifications(firings: [Int64], endMs: Int64) -> Int {
        let times = firings.sorted()
        guard let first = times.first else { return 0 }
        var sent = 1
        var lastSent = first + groupWaitMs
        var next = 0  // alerts up to `next` are covered by the last notification
        while next < times.count && times[next] <= lastSent { next += 1 }
        var flush = lastSent + groupIntervalMs
        while flush <= endMs {
            if next < times.count && times[next] <= flush {
                sent += 1
                lastSent = flush
                while next < times.count && times[next] <= flush { next += 1 }
            } else if flush - lastSent >= repeatIntervalMs {
                sent += 1
                lastSent = flush
            }
            // Jump straight to the next flush that can matter: the next alert's or the next repeat's.
            let nextAlert = next < times.count ? times[next] : Int64.max
            let nextRepeat = lastSent + repeatIntervalMs
            let target = min(nextAlert, nextRepeat)
            let steps = max(1, (target - flush + groupIntervalMs - 1) / groupIntervalMs)
            flush += steps * groupIntervalMs
        }
        return sent
    }
}
