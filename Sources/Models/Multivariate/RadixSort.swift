/// Radix sorts of finite `Double`s (ECOD's one sort per column at fit time).
///
/// ``sort(_:)`` maps each value to an order-preserving `UInt64` key (``orderKey(_:)``), sorts the keys in
/// 11-bit digits (six passes, skipping any pass in which every key has the same digit, typically the
/// sign and exponent bits) and maps them back. The sorts with positions
/// (``sortedWithPositions(_:)`` and the variants into buffers) sort shorter monotone keys first and fall
/// back to wider ones. All are stable, O(n) per pass, and equal `sort()` for finite values except that
/// −0.0 sorts before +0.0.
enum RadixSort {
    private static let bits = 11
    private static let buckets = 1 << bits

    /// Sorts `values` ascending (finite values only; NaN order is unspecified).
    static func sort(_ values: inout [Double]) {
        let n = values.count
        guard n > 64 else {
            values.sort()
            return
        }
        var keys = [UInt64](repeating: 0, count: n)
        var scratch = [UInt64](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            keys.withUnsafeMutableBufferPointer { k in
                for i in 0..<n { k[i] = orderKey(v[i]) }
            }
        }
        var counts = [Int](repeating: 0, count: buckets * 6)
        keys.withUnsafeBufferPointer { k in
            counts.withUnsafeMutableBufferPointer { c in
                for i in 0..<n {
                    let key = k[i]
                    for p in 0..<6 { c[p * buckets + Int((key >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1 }
                }
            }
        }
        var inKeys = true  // whether the current data is in `keys` (else in `scratch`)
        var offsets = [Int](repeating: 0, count: buckets)
        for p in 0..<6 {
            guard Self.startOffsets(&offsets, counts, digit: p, total: n) else { continue }
            let shift = UInt64(p * bits), mask = UInt64(buckets - 1)
            func pass(_ src: UnsafeBufferPointer<UInt64>, _ dst: UnsafeMutableBufferPointer<UInt64>) {
                offsets.withUnsafeMutableBufferPointer { o in
                    for i in 0..<n {
                        let key = src[i]
                        let d = Int((key >> shift) & mask)
                        dst[o[d]] = key
                        o[d] += 1
                    }
                }
            }
            if inKeys {
                keys.withUnsafeBufferPointer { s in scratch.withUnsafeMutableBufferPointer { d in pass(s, d) } }
            } else {
                scratch.withUnsafeBufferPointer { s in keys.withUnsafeMutableBufferPointer { d in pass(s, d) } }
            }
            inKeys.toggle()
        }
        let sorted = inKeys ? keys : scratch
        values.withUnsafeMutableBufferPointer { v in
            for i in 0..<n {
                let key = sorted[i]
                v[i] = Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
            }
        }
    }

    /// Writes the first output slot of each bucket of digit `digit` (a prefix sum of its histogram in
    /// `counts`) into `offsets`; false when one bucket holds all `total` values (the pass would be a copy).
    private static func startOffsets(_ offsets: inout [Int], _ counts: [Int], digit: Int, radix: Int = buckets, total: Int) -> Bool {
        let base = digit * radix
        if counts[base..<(base + radix)].contains(total) { return false }
        var run = 0
        for d in 0..<radix {
            offsets[d] = run
            run += counts[base + d]
        }
        return true
    }

    /// Order-preserving key of a finite double (−0.0 sorts before +0.0).
    @inline(__always) static func orderKey(_ x: Double) -> UInt64 {
        let b = x.bitPattern
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }

    /// The values of `values` in ascending order together with their original positions (stable:
    /// equal values keep their order). Finite values only; fewer than 2³¹ values.
    ///
    /// Three tries, each sorting a key that is monotone in the value together with the position (in the
    /// low bits of one word) in 8-bit digits: 256 buckets keep every pass's write positions in the
    /// first-level cache, where the 2,048 of an 11-bit digit do not. Values that share a key but differ are
    /// put in order by a comparison sort of their (short) run.
    /// 1. A 24-bit fixed-point key over the values' range (three passes), unless the values are too
    ///    concentrated for it (see ``sortByFixedPoint(_:low:high:into:positions:scratch:)``).
    /// 2. The 32-bit order key of the value rounded to `Float` (four passes).
    /// 3. When runs of equal `Float` keys hold more than an eighth of the values (detail below `Float`'s
    ///    precision, such as epoch timestamps): the kept bits of the 64-bit key
    ///    (``sortWithPositionsKeptBits(_:into:positions:)``).
    ///
    /// Same result whichever try succeeds.
    static func sortedWithPositions(_ values: UnsafeBufferPointer<Double>) -> (values: [Double], positions: [Int32]) {
        let n = values.count
        var out = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var positions = [Int32](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        out.withUnsafeMutableBufferPointer { o in
            positions.withUnsafeMutableBufferPointer { p in sortWithPositions(values, into: o, positions: p) }
        }
        return (out, positions)
    }

    /// ``sortedWithPositions(_:)`` written into `out` and `positions` (each `values.count` long), so a
    /// caller can keep many sorts in one allocation.
    static func sortWithPositions(
        _ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, positions: UnsafeMutableBufferPointer<Int32>
    ) {
        // Non-finite values (outside the contract) get the full-width sort, whose NaN order is unspecified.
        if !sortWithPositionsIfFinite(values, into: out, positions: positions) { fullWidth(values, into: out, positions: positions) }
    }

    /// ``sortWithPositions(_:into:positions:)`` when every value is finite (found in the same pass that
    /// finds the range); false, with nothing written, otherwise.
    static func sortWithPositionsIfFinite(
        _ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, positions: UnsafeMutableBufferPointer<Int32>
    ) -> Bool {
        var scratch = Scratch()
        return sortWithPositionsIfFinite(values, into: out, positions: positions, scratch: &scratch)
    }

    /// Working buffers of the sort, kept by a caller that sorts many arrays in turn: fresh buffers on every
    /// call were fresh pages, each faulted in and zeroed by the kernel.
    struct Scratch {
        var words: [UInt64] = []
        var sorted: [UInt64] = []
    }

    /// ``sortWithPositionsIfFinite(_:into:positions:)`` with the caller's working buffers.
    static func sortWithPositionsIfFinite(
        _ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, positions: UnsafeMutableBufferPointer<Int32>,
        scratch: inout Scratch
    ) -> Bool {
        let n = values.count
        precondition(out.count == n && positions.count == n, "RadixSort: output buffers must hold every value")
        guard let (low, high) = finiteRange(values) else { return false }
        guard n > 64, n < Int(Int32.max) else {
            fullWidth(values, into: out, positions: positions)
            return true
        }
        if sortByFixedPoint(values, low: low, high: high, into: out, positions: positions, scratch: &scratch) { return true }
        let positionBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let pb = UInt64(positionBits)
        // The four byte histograms, counted in two halves (even and odd values) so that neighbours in
        // the same bucket do not wait on each other's increment; digits all values share are skipped.
        var halves = [Int32](repeating: 0, count: 8 * 256)
        var words = [UInt64](unsafeUninitializedCapacity: n) { w, initialized in
            halves.withUnsafeMutableBufferPointer { c in
                @inline(__always) func add(_ i: Int, _ half: Int) {
                    let key = UInt64(floatKey(values[i]))
                    w[i] = key << pb | UInt64(i)
                    let base = half * 1024
                    c[base + Int(key & 255)] &+= 1
                    c[base + 256 + Int((key >> 8) & 255)] &+= 1
                    c[base + 512 + Int((key >> 16) & 255)] &+= 1
                    c[base + 768 + Int(key >> 24)] &+= 1
                }
                alternating(n, add)
            }
            initialized = n
        }
        let counts = (0..<1024).map { Int(halves[$0]) + Int(halves[1024 + $0]) }
        let digit = 8, passes = 4
        lsdPasses(&words, counts, passes: passes, digitBits: digit, positionBits: pb)
        if !resolve(words, values, positionBits: pb, exact: false, into: out, positions: positions) {
            sortWithPositionsKeptBits(values, into: out, positions: positions)
        }
        return true
    }

    /// The smallest and largest value, or nil when some value is not finite (one pass, four lanes: `v − v`
    /// is 0 for a finite `v` and NaN otherwise).
    static func finiteRange(_ values: UnsafeBufferPointer<Double>) -> (low: Double, high: Double)? {
        let n = values.count
        guard n > 0 else { return (0, 0) }
        // Four scalar lanes (the generic SIMD `pointwiseMin` was not inlined).
        var l0 = values[0], l1 = l0, l2 = l0, l3 = l0, h0 = l0, h1 = l0, h2 = l0, h3 = l0
        var c0 = 0.0, c1 = 0.0, c2 = 0.0, c3 = 0.0
        let quads = n / 4
        for q in 0..<quads {
            let a = values[4 &* q], b = values[4 &* q &+ 1], c = values[4 &* q &+ 2], d = values[4 &* q &+ 3]
            l0 = a < l0 ? a : l0
            l1 = b < l1 ? b : l1
            l2 = c < l2 ? c : l2
            l3 = d < l3 ? d : l3
            h0 = a > h0 ? a : h0
            h1 = b > h1 ? b : h1
            h2 = c > h2 ? c : h2
            h3 = d > h3 ? d : h3
            c0 += a - a
            c1 += b - b
            c2 += c - c
            c3 += d - d
        }
        var low = min(min(l0, l1), min(l2, l3)), high = max(max(h0, h1), max(h2, h3)), check = c0 + c1 + c2 + c3
        for i in (4 * quads)..<n {
            low = min(low, values[i])
            high = max(high, values[i])
            check += values[i] - values[i]
        }
        return check == 0 ? (low, high) : nil
    }

    /// ``sortedWithPositionsFullWidth(_:)`` into buffers.
    private static func fullWidth(
        _ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, positions: UnsafeMutableBufferPointer<Int32>
    ) {
        let full = sortedWithPositionsFullWidth(values)
        _ = out.initialize(from: full.values)
        _ = positions.initialize(from: full.positions)
    }

    /// The first try of ``sortWithPositions(_:into:positions:)``: a 24-bit fixed-point key
    /// `⌊(v − lo)·2²⁴/(hi − lo)⌋` (monotone non-decreasing in `v`: each rounding step is), sorted in three
    /// 8-bit digits, with runs of equal keys but different values put in order by comparison. False
    /// (the buffers then hold nothing of use) when the values are too concentrated for 24 bits: a
    /// byte-wide slice of the range holding more than 2¹⁴ values, equal ends, a range that overflows, or
    /// unresolved runs holding more than an eighth of the values.
    private static func sortByFixedPoint(
        _ values: UnsafeBufferPointer<Double>, low: Double, high: Double, into out: UnsafeMutableBufferPointer<Double>,
        positions: UnsafeMutableBufferPointer<Int32>, scratch: inout Scratch
    ) -> Bool {
        let n = values.count
        let range = high - low
        let scale = Double(1 << 24) / range
        guard high > low, range.isFinite, scale.isFinite else { return false }
        let top = UInt64((1 << 24) - 1)
        let positionBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        let pb = UInt64(positionBits)
        // The top byte's histogram, counted in two halves (even and odd values) so that neighbours in the
        // same bucket do not wait on each other's increment.
        var halves = [Int32](repeating: 0, count: 2 * 256)
        if scratch.words.count < n {
            scratch.words = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
            scratch.sorted = scratch.words
        }
        // Taken out of `scratch` while in use (uniquely referenced, so no copy on write) and put back.
        var words: [UInt64] = [], sorted: [UInt64] = []
        swap(&words, &scratch.words)
        swap(&sorted, &scratch.sorted)
        defer {
            swap(&words, &scratch.words)
            swap(&sorted, &scratch.sorted)
        }
        words.withUnsafeMutableBufferPointer { w in
            halves.withUnsafeMutableBufferPointer { c in
                @inline(__always) func add(_ i: Int, _ half: Int) {
                    let key = min(UInt64((values[i] - low) * scale), top)
                    w[i] = key << pb | UInt64(i)
                    c[half * 256 + Int(key &>> 16)] &+= 1
                }
                alternating(n, add)
            }
        }
        var starts = [Int](repeating: 0, count: 257)
        for d in 0..<256 {
            let c = Int(halves[d]) + Int(halves[256 + d])
            guard c <= 1 << 14 else { return false }
            starts[d + 1] = starts[d] + c
        }
        words.withUnsafeMutableBufferPointer { w in
            sorted.withUnsafeMutableBufferPointer { dst in
                // Most significant byte first: each bucket then fits in the first- or second-level cache.
                var offsets = Array(starts[0..<256])
                offsets.withUnsafeMutableBufferPointer { o in
                    let shift = pb + 16
                    for i in 0..<n {
                        let word = w[i]
                        let d = Int((word &>> shift) & 255)
                        let at = o[d]
                        dst[at] = word
                        o[d] = at &+ 1
                    }
                }
                // Then each bucket by its two low bytes, least significant first (through `w` and back),
                // or by insertion when it is short. A word orders as (key, position), so either way
                // ties keep their positions' order.
                var counts = [Int](repeating: 0, count: 512)
                counts.withUnsafeMutableBufferPointer { c in
                    for b in 0..<256 {
                        let lo = starts[b], hi = starts[b + 1]
                        if hi - lo <= 24 {
                            var i = lo + 1
                            while i < hi {
                                let x = dst[i]
                                var j = i
                                while j > lo && dst[j - 1] > x {
                                    dst[j] = dst[j - 1]
                                    j -= 1
                                }
                                dst[j] = x
                                i += 1
                            }
                            continue
                        }
                        for q in 0..<512 { c[q] = 0 }
                        for i in lo..<hi {
                            let key = dst[i] &>> pb
                            c[Int(key & 255)] &+= 1
                            c[256 + Int((key &>> 8) & 255)] &+= 1
                        }
                        var run0 = lo, run1 = lo
                        for d in 0..<256 {
                            let c0 = c[d], c1 = c[256 + d]
                            c[d] = run0
                            c[256 + d] = run1
                            run0 &+= c0
                            run1 &+= c1
                        }
                        for i in lo..<hi {
                            let word = dst[i]
                            let d = Int((word &>> pb) & 255)
                            let at = c[d]
                            w[at] = word
                            c[d] = at &+ 1
                        }
                        let shift = pb + 8
                        for i in lo..<hi {
                            let word = w[i]
                            let d = 256 + Int((word &>> shift) & 255)
                            let at = c[d]
                            dst[at] = word
                            c[d] = at &+ 1
                        }
                    }
                }
            }
        }
        return sorted.withUnsafeBufferPointer {
            resolve(UnsafeBufferPointer(rebasing: $0[0..<n]), values, positionBits: pb, exact: false, into: out, positions: positions)
        }
    }

    /// `body(i, i mod 2)` for `i` in `0..<n`: the key passes count into two histograms (even and odd
    /// values) so that neighbours in the same bucket do not wait on each other's increment.
    @inline(__always) private static func alternating(_ n: Int, _ body: (Int, Int) -> Void) {
        var i = 0
        while i + 1 < n {
            body(i, 0)
            body(i + 1, 1)
            i += 2
        }
        if i < n { body(i, 0) }
    }

    /// Order-preserving 32-bit key of a value rounded to `Float` (monotone non-decreasing in the value).
    @inline(__always) static func floatKey(_ x: Double) -> UInt32 {
        let b = Float(x).bitPattern
        return b & (1 << 31) != 0 ? ~b : b | (1 << 31)
    }

    /// Stable LSD passes over `words` ordered by the key bits above the low `positionBits`, in
    /// `passes` digits of `digitBits` bits whose histograms `counts` holds (one run of `1 << digitBits`
    /// per digit); a digit that all words share is skipped.
    private static func lsdPasses(_ words: inout [UInt64], _ counts: [Int], passes: Int, digitBits: Int, positionBits pb: UInt64) {
        let n = words.count, radix = 1 << digitBits, mask = UInt64(radix - 1)
        var scratch = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var offsets = [Int](repeating: 0, count: radix)
        for p in 0..<passes {
            guard Self.startOffsets(&offsets, counts, digit: p, radix: radix, total: n) else { continue }
            let digitShift = pb + UInt64(p * digitBits)
            words.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    offsets.withUnsafeMutableBufferPointer { o in
                        for i in 0..<n {
                            let word = src[i]
                            let d = Int((word &>> digitShift) & mask)
                            let at = o[d]
                            dst[at] = word
                            o[d] = at &+ 1
                        }
                    }
                }
            }
            swap(&words, &scratch)
        }
    }

    /// Writes the sorted values and positions from `words` sorted by a key that is monotone in the value
    /// (position in the low `positionBits`). Unless the key was `exact` (equal keys only for equal
    /// values), runs of equal keys holding different values are sorted by comparison; false when such
    /// runs hold more than an eighth of the values (the caller sorts another way).
    private static func resolve(
        _ words: [UInt64], _ values: UnsafeBufferPointer<Double>, positionBits pb: UInt64, exact: Bool,
        into o: UnsafeMutableBufferPointer<Double>, positions pos: UnsafeMutableBufferPointer<Int32>
    ) -> Bool {
        words.withUnsafeBufferPointer { resolve($0, values, positionBits: pb, exact: exact, into: o, positions: pos) }
    }

    private static func resolve(
        _ w: UnsafeBufferPointer<UInt64>, _ values: UnsafeBufferPointer<Double>, positionBits pb: UInt64, exact: Bool,
        into o: UnsafeMutableBufferPointer<Double>, positions pos: UnsafeMutableBufferPointer<Int32>
    ) -> Bool {
        let n = w.count
        var unresolved = 0
        let positionMask = (UInt64(1) << pb) - 1
        // Runs of equal keys are followed while gathering; a run whose neighbours differ in
        // value is put in order when it ends (positions break ties, so the sort is stable).
        func order(_ lo: Int, _ hi: Int) {
            var run = (lo..<hi).map { k -> (key: UInt64, position: Int32) in
                let p = Int(w[k] & positionMask)
                return (orderKey(values[p]), Int32(truncatingIfNeeded: p))
            }
            run.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
            for (q, e) in run.enumerated() {
                pos[lo + q] = e.position
                o[lo + q] = values[Int(e.position)]
            }
        }
        var previous = UInt64.max, previousBits: UInt64 = 0, runStart = 0, mixed = false
        for i in 0..<n {
            let word = w[i]
            let at = Int(word & positionMask)
            pos[i] = Int32(truncatingIfNeeded: at)
            let v = values[at]
            o[i] = v
            let key = word >> pb
            if key != previous {
                if mixed {
                    unresolved += i - runStart
                    if unresolved > n / 8 { return false }  // the caller sorts another way
                    order(runStart, i)
                    mixed = false
                }
                runStart = i
            } else if v.bitPattern != previousBits && !exact {
                mixed = true
            }
            previous = key
            previousBits = v.bitPattern
        }
        if mixed {
            unresolved += n - runStart
            if unresolved <= n / 8 { order(runStart, n) }
        }
        return unresolved <= n / 8
    }

    /// ``sortedWithPositions(_:)`` on kept bits of the 64-bit order key, in 11-bit digits.
    ///
    /// The position takes the low `p = ⌈log₂ n⌉` bits of one 64-bit word and the key the other `64 − p`:
    /// only the key bits below the highest bit in which the smallest and the largest key differ vary, and
    /// the word holds the top `64 − p` of those rounded down to whole 11-bit digits (`(key − min) >> shift`). So the passes (11-bit digits)
    /// move 8-byte words instead of 12 bytes, and there are at most ⌊(64 − p)/11⌋ of them (four for a
    /// million values instead of six). When the range needs more bits than the word has, keys that agree in
    /// the kept bits but not in full are put in order by a comparison sort of their (short) run; if such
    /// runs hold more than an eighth of the values, the full-width sort
    /// (``sortedWithPositionsFullWidth(_:)``) is used instead. Same result either way.
    static func sortWithPositionsKeptBits(
        _ values: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>, positions: UnsafeMutableBufferPointer<Int32>
    ) {
        let n = values.count
        var lowest = UInt64.max, highest: UInt64 = 0
        for i in 0..<n {
            let k = orderKey(values[i])
            lowest = min(lowest, k)
            highest = max(highest, k)
        }
        let positionBits = Int.bitWidth - (n - 1).leadingZeroBitCount
        // Whole digits only: a last, partial digit would cost a full pass for a bit or two of key.
        let keyBits = max(bits, (64 - positionBits) / bits * bits)
        let varying = 64 - (lowest ^ highest).leadingZeroBitCount
        let shift = UInt64(max(0, varying - keyBits))
        let passes = (min(varying, keyBits) + bits - 1) / bits
        let mask = UInt64(buckets - 1), pb = UInt64(positionBits)
        var counts = [Int](repeating: 0, count: buckets * max(passes, 1))
        var words = [UInt64](unsafeUninitializedCapacity: n) { w, initialized in
            counts.withUnsafeMutableBufferPointer { c in
                for i in 0..<n {
                    let key = (orderKey(values[i]) &- lowest) >> shift
                    w[i] = key << pb | UInt64(i)
                    for p in 0..<passes { c[p * buckets + Int((key >> UInt64(p * bits)) & mask)] += 1 }
                }
            }
            initialized = n
        }
        lsdPasses(&words, counts, passes: passes, digitBits: bits, positionBits: pb)
        // With no bits dropped the kept key is the whole order key: equal keys are equal values.
        if !resolve(words, values, positionBits: pb, exact: shift == 0, into: out, positions: positions) {
            fullWidth(values, into: out, positions: positions)
        }
    }

    /// ``sortedWithPositions(_:)`` on the full 64-bit keys (six 11-bit digits, constant digits skipped).
    static func sortedWithPositionsFullWidth(_ values: UnsafeBufferPointer<Double>) -> (values: [Double], positions: [Int32]) {
        let n = values.count
        // Keys and positions built with the six digit histograms in one pass; the ping-pong buffers
        // are written before they are read, so they are not zero-filled.
        var counts = [Int](repeating: 0, count: buckets * 6)
        var keys = [UInt64](unsafeUninitializedCapacity: n) { k, initialized in
            counts.withUnsafeMutableBufferPointer { c in
                for i in 0..<n {
                    let key = orderKey(values[i])
                    k[i] = key
                    for p in 0..<6 { c[p * buckets + Int((key >> UInt64(p * bits)) & UInt64(buckets - 1))] += 1 }
                }
            }
            initialized = n
        }
        var pos = [Int32](unsafeUninitializedCapacity: n) { p, initialized in
            for i in 0..<n { p[i] = Int32(truncatingIfNeeded: i) }
            initialized = n
        }
        var keys2 = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var pos2 = [Int32](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var offsets = [Int](repeating: 0, count: buckets)
        for p in 0..<6 {
            guard Self.startOffsets(&offsets, counts, digit: p, total: n) else { continue }
            let shift = UInt64(p * bits), mask = UInt64(buckets - 1)
            keys.withUnsafeBufferPointer { sk in
                pos.withUnsafeBufferPointer { sp in
                    keys2.withUnsafeMutableBufferPointer { dk in
                        pos2.withUnsafeMutableBufferPointer { dp in
                            offsets.withUnsafeMutableBufferPointer { o in
                                for i in 0..<n {
                                    let key = sk[i]
                                    let d = Int((key >> shift) & mask)
                                    let at = o[d]
                                    dk[at] = key
                                    dp[at] = sp[i]
                                    o[d] = at + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keys2)
            swap(&pos, &pos2)
        }
        let out = [Double](unsafeUninitializedCapacity: n) { o, initialized in
            keys.withUnsafeBufferPointer { k in
                for i in 0..<n {
                    let key = k[i]
                    o[i] = Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
                }
            }
            initialized = n
        }
        return (out, pos)
    }
}
