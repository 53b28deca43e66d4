/// Replaces the variable parts of log tokens (numbers, hex ids, IP addresses, HDFS block ids,
/// paths) by the wildcard `<*>` before template matching.
///
/// Masking is per whitespace-separated token and works on UTF-8 bytes, without regular
/// expressions. A token is split into a leading run of `(`, `[`, `{`, `"`, `'`, `=` or `#`, a core,
/// and a trailing run of `,`, `.`, `;`, `:`, `)`, `]`, `}`, `"` or `'`; punctuation around a masked
/// core is kept, so `(0x1f),` becomes `(<*>),` and stays distinct from `<*>`. The core is masked when it is:
///
/// - a decimal number: optional sign, digits, optional fraction (`42`, `-7`, `3.14`);
/// - a hexadecimal id: `0x` followed by hex digits, or at least 8 hex digits with at least one
///   decimal digit (`0x00544eb8`, `deadbeef01`);
/// - an IPv4 address with an optional `:port`, optionally after a `/` (`/10.251.73.220:50010`);
/// - an HDFS block id `blk_<digits>` or `blk_-<digits>` (masked to `blk_<*>`);
/// - a path: starts with `/` and holds at least one more `/` (`/user/root/part-00001`);
/// - a number or hex id after the first `.`, `=`, `:` or `_` that leaves one, when a letter
///   precedes it (`duration_ms=6.6` → `duration_ms=<*>`, `core.2275` → `core.<*>`,
///   `lr:00004ed8` → `lr:<*>`, `update....0` → `update....<*>`).
///
/// ```swift
/// TokenMasker.mask("10.251.73.220:50010")  // "<*>"
/// TokenMasker.mask("blk_-6952295868487656571")  // "blk_<*>"
/// ```
public enum TokenMasker {
    /// The wildcard written in templates.
    public static let wildcard = "<*>"

    /// Masks one token (no whitespace inside).
    ///
    /// - Returns: the token itself when nothing is variable, else the masked form.
    /// - Complexity: O(token length).
    public static func mask(_ token: String) -> String {
        var token = token
        return token.withUTF8 { maskedString($0) }
    }

    /// The masked form of the token whose UTF-8 bytes are `p`, as a new string.
    ///
    /// - Complexity: O(token length); one string allocation for tokens over 15 bytes.
    static func maskedString(_ p: UnsafeBufferPointer<UInt8>) -> String {
        let n = p.count
        if n == 0 { return "" }
        // Quick exit: a token without digits is never masked.
        var hasDigit = false
        for b in p where b >= 48 && b <= 57 { hasDigit = true; break }
        if hasDigit {
            var start = 0, end = n
            while start < end, isLeadingPunctuation(p[start]) { start += 1 }
            while end > start, isTrailingPunctuation(p[end - 1]) { end -= 1 }
            if start < end, let replacement = maskCore(UnsafeBufferPointer(rebasing: p[start..<end])) {
                var out = [UInt8]()
                out.reserveCapacity(n)
                out.append(contentsOf: p[0..<start])
                out.append(contentsOf: replacement)
                out.append(contentsOf: p[end..<n])
                return String(decoding: out, as: UTF8.self)
            }
        }
        return String(decoding: p, as: UTF8.self)
    }

    private static let star: [UInt8] = Array("<*>".utf8)

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 97 && b <= 102) || (b >= 65 && b <= 70)
    }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90)
    }
    @inline(__always) static func isLeadingPunctuation(_ b: UInt8) -> Bool {
        b == 40 || b == 91 || b == 123 || b == 34 || b == 39 || b == 61 || b == 35  // ( [ { " ' = #
    }
    @inline(__always) static func isTrailingPunctuation(_ b: UInt8) -> Bool {
        b == 44 || b == 46 || b == 59 || b == 58 || b == 41 || b == 93 || b == 125 || b == 34 || b == 39  // , . ; : ) ] } " '
    }

    /// The masked core, or nil when the core is constant.
    private static func maskCore(_ c: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = c.count
        if isNumber(c) || isHexId(c) || isIPv4(c, from: c[0] == 47 ? 1 : 0) { return star }
        // blk_<digits>
        if n > 4, c[0] == 98, c[1] == 108, c[2] == 107, c[3] == 95 {  // "blk_"
            var i = 4
            if c[i] == 45 { i += 1 }  // '-'
            if i < n, allDigits(c, i, n) { return Array("blk_<*>".utf8) }
        }
        // Paths: /a/b...
        if c[0] == 47 {
            var slashes = 0
            for b in c where b == 47 { slashes += 1 }
            if slashes >= 2 { return star }
        }
        // key=value, key:value, word.digits, word_digits: mask a variable suffix after the first
        // separator that leaves a number or hex id (`duration_ms=6.6` → `duration_ms=<*>`,
        // `core.2275` → `core.<*>`, `lr:00004ed8` → `lr:<*>`).
        var sawLetter = false
        for j in 0..<(n - 1) {
            let b = c[j]
            if isLetter(b) { sawLetter = true; continue }
            guard sawLetter, b == 46 || b == 61 || b == 58 || b == 95 else { continue }  // . = : _
            let suffix = UnsafeBufferPointer(rebasing: c[(j + 1)..<n])
            guard isDigit(suffix[0]) || suffix[0] == 45 else { continue }
            var suffixHasDigit = false
            for d in suffix where isDigit(d) { suffixHasDigit = true; break }
            if suffixHasDigit, isNumber(suffix) || isHexId(suffix) {
                return Array(c[0...j]) + star
            }
        }
        return nil
    }

    private static func allDigits(_ c: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        if from >= to { return false }
        for i in from..<to where !isDigit(c[i]) { return false }
        return true
    }

    /// `[+-]?digits(.digits)?`
    static func isNumber(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = c.count
        if c[0] == 45 || c[0] == 43 { i = 1 }
        var digits = 0
        while i < n, isDigit(c[i]) { i += 1; digits += 1 }
        if digits == 0 { return false }
        if i == n { return true }
        if c[i] != 46 { return false }
        i += 1
        var frac = 0
        while i < n, isDigit(c[i]) { i += 1; frac += 1 }
        return frac > 0 && i == n
    }

    /// `0x[hex]+` or ≥ 8 hex digits with a decimal digit among them.
    static func isHexId(_ c: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = c.count
        if n > 2, c[0] == 48, c[1] == 120 || c[1] == 88 {
            for i in 2..<n where !isHex(c[i]) { return false }
            return true
        }
        if n < 8 { return false }
        for b in c where !isHex(b) { return false }
        return true  // the caller only gets here when the token holds a digit
    }

    /// `d+.d+.d+.d+(:d+)?` starting at `from`.
    static func isIPv4(_ c: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var i = from
        let n = c.count
        for part in 0..<4 {
            var digits = 0
            while i < n, isDigit(c[i]), digits < 4 { i += 1; digits += 1 }
            if digits == 0 || digits > 3 { return false }
            if part < 3 {
                if i >= n || c[i] != 46 { return false }
                i += 1
            }
        }
        if i == n { return true }
        if c[i] != 58 { return false }
        i += 1
        return allDigits(c, i, n)
    }
}
