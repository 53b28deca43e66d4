/// LSD radix sort of finite `Double`s (ECOD's one sort per column at fit time).
///
/// Each value is mapped to an order-preserving `UInt64` key (sign bit flipped for non-negative
/// values, all bits flipped for negative ones), sorted in 11-bit digits (six passes, skipping any
/// pass in which every key has the same digit, typically the sign and exponent bits), and mapped
/// back. Stable, O(n) per pass; the result equals `sort()` for finite values except that −0.0 sorts
/// before +0.0.
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
                for i in 0..<n {
                    let b = v[i].bitPattern
                    k[i] = b & (1 << 63) != 0 ? ~b : b | (1 << 63)
                }
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
    private static func startOffsets(_ offsets: inout [Int], _ counts: [Int], digit: Int, total: Int) -> Bool {
        let base = digit * buckets
        if counts[base..<(base + buckets)].contains(total) { return false }
        var run = 0
        for d in 0..<buckets {
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
    /// The position takes the low `p = ⌈log₂ n⌉` bits of one 64-bit word and the key the other `64 − p`:
    /// only the key bits below the highest bit in which the smallest and the largest key differ vary, and
    /// the word holds the top `64 − p` of those rounded down to whole 11-bit digits (`(key − min) >> shift`). So the passes (11-bit digits)
    /// move 8-byte words instead of 12 bytes, and there are at most ⌊(64 − p)/11⌋ of them (four for a
    /// million values instead of six). When the range needs more bits than the word has, keys that agree in
    /// the kept bits but not in full are put in order by a comparison sort of their (short) run; if such
    /// runs hold more than an eighth of the values, the full-width sort
    /// (``sortedWithPositionsFullWidth(_:)``) is used instead. Same result either way.
    static func sortedWithPositions(_ values: UnsafeBufferPointer<Double>) -> (values: [Double], positions: [Int32]) {
        let n = values.count
        guard n > 64, n < Int(Int32.max) else { return sortedWithPositionsFullWidth(values) }
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
        var scratch = [UInt64](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var offsets = [Int](repeating: 0, count: buckets)
        for p in 0..<passes {
            guard Self.startOffsets(&offsets, counts, digit: p, total: n) else { continue }
            let digitShift = pb + UInt64(p * bits)
            words.withUnsafeBufferPointer { src in
                scratch.withUnsafeMutableBufferPointer { dst in
                    offsets.withUnsafeMutableBufferPointer { o in
                        for i in 0..<n {
                            let word = src[i]
                            let d = Int((word >> digitShift) & mask)
                            let at = o[d]
                            dst[at] = word
                            o[d] = at + 1
                        }
                    }
                }
            }
            swap(&words, &scratch)
        }
        var out = [Double](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var positions = [Int32](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        var unresolved = 0
        let positionMask = (UInt64(1) << pb) - 1
        words.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { o in
                positions.withUnsafeMutableBufferPointer { pos in
                    for i in 0..<n {
                        let at = Int(w[i] & positionMask)
                        pos[i] = Int32(truncatingIfNeeded: at)
                        o[i] = values[at]
                    }
                    guard shift > 0 else { return }  // the kept key bits were exact
                    var i = 0
                    while i < n {
                        let key = w[i] >> pb
                        var j = i + 1, mixed = false
                        while j < n && w[j] >> pb == key {
                            mixed = mixed || o[j].bitPattern != o[i].bitPattern
                            j += 1
                        }
                        if mixed {
                            unresolved += j - i
                            if unresolved > n / 8 { break }  // the full-width sort takes over
                            var run = (i..<j).map { (key: orderKey(o[$0]), position: pos[$0]) }
                            run.sort { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
                            for (q, e) in run.enumerated() {
                                pos[i + q] = e.position
                                o[i + q] = values[Int(e.position)]
                            }
                        }
                        i = j
                    }
                }
            }
        }
        return unresolved > n / 8 ? sortedWithPositionsFullWidth(values) : (out, positions)
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
                    let b = values[i].bitPattern
                    let key = b & (1 << 63) != 0 ? ~b : b | (1 << 63)
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
