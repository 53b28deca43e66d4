import Foundation

/// Parses durations written as `15s`, `30m`, `8h`, `2d`, `1h30m`, `250ms` or a bare number of seconds.
public enum DurationText {
    /// Milliseconds in `text`, or nil when it is not a duration.
    public static func milliseconds(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces).lowercased()
        if s.isEmpty { return nil }
        if let v = Double(s) { return v * 1000 }
        var total = 0.0
        var number = ""
        var unit = ""
        var parsedAny = false
        func flush() -> Bool {
            guard let v = Double(number) else { return false }
            let scale: Double
            switch unit {
            case "ms": scale = 1
            case "s": scale = 1000
            case "m", "min": scale = 60_000
            case "h": scale = 3_600_000
            case "d": scale = 86_400_000
            case "w": scale = 7 * 86_400_000
            default: return false
            }
            total += v * scale
            parsedAny = true
            number = ""
            unit = ""
            return true
        }
        for ch in s {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(ch)
            } else if ch.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(ch)
            } else if ch == " " {
                continue
            } else {
                return nil
            }
        }
        if !number.isEmpty || !unit.isEmpty { guard flush() else { return nil } }
        return parsedAny ? total : nil
    }

    /// Renders milliseconds compactly (`1h30m`, `15s`, `250ms`).
    public static func render(_ ms: Double) -> String {
        // Beyond ±2^62 ms (146 million years) or not a number: no unit split, and no trapping conversion.
        guard ms.isFinite, abs(ms) < 0x1p62 else { return "\(ms)ms" }
        if ms < 0 { return "-" + render(-ms) }
        var rest = Int64(ms.rounded())
        if rest == 0 { return "0s" }
        var out = ""
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= size {
                out += "\(rest / size)\(unit)"
                rest %= size
            }
        }
        return out
    }
}
