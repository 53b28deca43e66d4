import Foundation
import Telemetry

/// Byte-level parsing for NAB CSV files: timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]` and decimal numbers,
/// read straight from the file's bytes with no per-line `String`.
public enum NABText {
    /// Epoch ms of `YYYY-MM-DD HH:MM:SS` (UTC, no zone), with an optional fraction that is dropped,
    /// or nil when the bytes do not have that shape.
    public static func timestamp(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64? {
        guard end - start >= 19 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? { decimal(p, at, count, end: end) }
        let s = start
        guard p[s + 4] == 45, p[s + 7] == 45, p[s + 10] == 32 || p[s + 10] == 84, p[s + 13] == 58, p[s + 16] == 58,
            let y = digits(s, 4), let mo = digits(s + 5, 2), let d = digits(s + 8, 2),
            let h = digits(s + 11, 2), let mi = digits(s + 14, 2), let se = digits(s + 17, 2),
            (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, se < 61
        else { return nil }
        if end - start > 19 {
            // Optional fraction `.ffffff`, dropped (NAB window ends carry it).
            guard p[s + 19] == 46 else { return nil }
            for i in (s + 20)..<end where !(p[i] >= 48 && p[i] <= 57) { return nil }
        }
        return (daysFromCivil(y, mo, d) * 86_400 + Int64(h * 3600 + mi * 60 + se)) * 1000
    }

    /// The unsigned decimal in `p[at ..< at + count]`, or nil when it runs past `end` or holds a non-digit.
    static func decimal(_ p: UnsafeRawBufferPointer, _ at: Int, _ count: Int, end: Int) -> Int? {
        guard at + count <= end else { return nil }
        var v = 0
        for i in at..<(at + count) {
            let c = p[i]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// Same as `timestamp(_:_:_:)` for a `String` (window bounds from JSON).
    public static func timestamp(_ s: String) -> Int64? {
        var copy = s
        return copy.withUTF8 { u in timestamp(UnsafeRawBufferPointer(u), 0, u.count) }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }

    private static let powersOf10: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// A decimal number from bytes `start..<end`, correctly rounded, or nil when the field is not a
    /// number. NaN and infinities are returned as such (callers reject them with context).
    ///
    /// Fast path: at most 19 significant digits whose value fits in 2⁵³ and a power of ten ≤ 22 — then
    /// one IEEE multiplication or division is exact-rounded (Clinger). Anything else goes to `strtod`.
    public static func number(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        guard end > start else { return nil }
        var i = start
        var negative = false
        if p[i] == 45 || p[i] == 43 { negative = p[i] == 45; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0, sawDigit = false
        var simple = true
        while i < end && p[i] >= 48 && p[i] <= 57 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] - 48); if mantissa != 0 { digits += 1 } } else { simple = false }
            i += 1
        }
        if i < end && p[i] == 46 {
            i += 1
            while i < end && p[i] >= 48 && p[i] <= 57 {
                sawDigit = true
                if digits < 19 {
                    mantissa = mantissa * 10 + UInt64(p[i] - 48)
                    if mantissa != 0 { digits += 1 }
                    fractionDigits += 1
                } else {
                    simple = false
                }
                i += 1
            }
        }
        if i == end && sawDigit && simple && mantissa <= (1 << 53) && fractionDigits <= 22 {
            let v = Double(mantissa) / powersOf10[fractionDigits]
            return negative ? -v : v
        }
        return slowNumber(p, start, end)
    }

    private static func slowNumber(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        let length = end - start
        guard length < 512 else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        for k in 0..<length { buffer[k] = CChar(bitPattern: p[start + k]) }
        return buffer.withUnsafeMutableBufferPointer { b -> Double? in
            guard let base = b.baseAddress else { return nil }
            var endPtr: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &endPtr)
            guard let endPtr, endPtr - base == length, length > 0 else { return nil }
            return v
        }
    }

    /// The text of bytes `start..<end` for messages (shortened).
    public static func snippet(_ p: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> String {
        let e = min(end, start + 40)
        return String(decoding: UnsafeRawBufferPointer(rebasing: p[start..<e]), as: UTF8.self) + (e < end ? "…" : "")
    }
}
