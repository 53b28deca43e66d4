/// Timestamps of the generic recording CSV (`faultline fidelity --format csv`): epoch seconds or
/// milliseconds, or ISO-8601 dates.
public enum TimestampText {
    /// Epoch ms of a field, or nil when it has none of the accepted shapes:
    ///
    /// - a plain number: epoch **milliseconds** when its magnitude is at least 10¹¹ (after 1973-03-03 in ms),
    ///   else epoch **seconds** (a fraction is kept to the millisecond);
    /// - `YYYY-MM-DD[T| ]HH:MM[:SS[.fff…]]` with an optional zone `Z`, `±HH:MM` or `±HHMM` (no zone: UTC).
    public static func epochMs(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        guard end > start else { return nil }
        if end - start >= 10, p[start + 4] == 45 { return iso(p, start, end) }
        guard let v = NABText.number(p, start, end) else { return nil }
        return epochMs(number: v)
    }

    /// Epoch ms of a plain number read from a field: milliseconds when its magnitude is at least 10¹¹, else
    /// seconds (a fraction kept to the millisecond); nil when it is not finite or not within ±9·10¹⁵ ms.
    @inline(__always)
    static func epochMs(number v: Double) -> Int64? {
        guard v.isFinite else { return nil }
        let ms = abs(v) >= 1e11 ? v : v * 1_000
        guard abs(ms) < 9e15 else { return nil }
        return Int64(ms.rounded())
    }

    /// Same for a `String`.
    public static func epochMs(_ s: String) -> Int64? {
        var copy = s
        return copy.withUTF8 { u in epochMs(UnsafeRawBufferPointer(u), 0, u.count) }
    }

    private static func iso(_ p: UnsafeRawBufferPointer, _ s: Int, _ end: Int) -> Int64? {
        func digits(_ at: Int, _ count: Int) -> Int? { NABText.decimal(p, at, count, end: end) }
        guard let y = digits(s, 4), p[s + 4] == 45, let mo = digits(s + 5, 2), s + 7 < end, p[s + 7] == 45, let d = digits(s + 8, 2),
            (1...12).contains(mo), (1...31).contains(d)
        else { return nil }
        var i = s + 10
        var h = 0, mi = 0, se = 0, fractionMs = 0
        if i < end && (p[i] == 84 || p[i] == 32) {
            guard let hh = digits(i + 1, 2), i + 3 < end, p[i + 3] == 58, let mm = digits(i + 4, 2), hh < 24, mm < 60 else { return nil }
            h = hh
            mi = mm
            i += 6
            if i < end && p[i] == 58 {
                guard let ss = digits(i + 1, 2), ss < 61 else { return nil }
                se = ss
                i += 3
                if i < end && (p[i] == 46 || p[i] == 44) {
                    i += 1
                    var scale = 100, any = false
                    while i < end && p[i] >= 48 && p[i] <= 57 {
                        fractionMs += Int(p[i] - 48) * scale
                        scale /= 10
                        any = true
                        i += 1
                    }
                    guard any else { return nil }
                }
            }
        }
        var offsetSeconds = 0
        if i < end {
            if p[i] == 90 || p[i] == 122 {
                i += 1
            } else if p[i] == 43 || p[i] == 45 {
                let sign = p[i] == 45 ? -1 : 1
                guard let oh = digits(i + 1, 2) else { return nil }
                var om = 0
                if i + 3 < end && p[i + 3] == 58 {
                    guard let m = digits(i + 4, 2) else { return nil }
                    om = m
                    i += 6
                } else if let m = digits(i + 3, 2) {
                    om = m
                    i += 5
                } else {
                    i += 3
                }
                offsetSeconds = sign * (oh * 3_600 + om * 60)
            }
        }
        guard i == end else { return nil }
        let seconds = NABText.daysFromCivil(y, mo, d) * 86_400 + Int64(h * 3_600 + mi * 60 + se - offsetSeconds)
        return seconds * 1_000 + Int64(fractionMs)
    }
}
