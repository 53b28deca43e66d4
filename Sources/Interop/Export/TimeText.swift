import Foundation

/// Epoch milliseconds written the way the exporters need them.
enum TimeText {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC), or with `separator` `" "` and no fraction/zone for NAB's
    /// `YYYY-MM-DD HH:MM:SS` when `nab` is set.
    static func iso(_ ms: Int64, nab: Bool = false) -> String {
        let seconds = ms >= 0 ? ms / 1_000 : (ms - 999) / 1_000
        let milli = Int(ms - seconds * 1_000)
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = Int(seconds - days * 86_400)
        // H. Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        let date = "\(pad(Int(y), 4))-\(pad(Int(m), 2))-\(pad(Int(d), 2))"
        let time = "\(pad(secOfDay / 3_600, 2)):\(pad(secOfDay / 60 % 60, 2)):\(pad(secOfDay % 60, 2))"
        return nab ? "\(date) \(time)" : "\(date)T\(time).\(pad(milli, 3))Z"
    }

    /// Unix seconds with the ms as a fraction only when there is one (`1700000000`, `1700000000.25`).
    static func seconds(_ ms: Int64) -> String {
        let negative = ms < 0
        let a = ms.magnitude
        let whole = a / 1_000, frac = a % 1_000
        var s = negative ? "-\(whole)" : "\(whole)"
        if frac != 0 {
            var f = String(frac)
            f = String(repeating: "0", count: 3 - f.count) + f
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s
    }

    /// A value as Prometheus writes it: the shortest text that reads back exactly; `NaN`, `+Inf`, `-Inf`.
    static func value(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
