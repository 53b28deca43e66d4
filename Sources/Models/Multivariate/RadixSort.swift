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
        for p in 0..<6 {
            let base = p * buckets
            if counts[base..<(base + buckets)].contains(n) { continue }
            var offsets = [Int](repeating: 0, count: buckets)
            var run = 0
            for d in 0..<buckets {
                offsets[d] = run
                run += counts[base + d]
            }
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

    /// The values of `values` in ascending order together with their original positions (stable:
    /// equal values keep their order). Finite values only.
    static func sortedWithPositions(_ values: UnsafeBufferPointer<Double>) -> (values: [Double], positions: [Int32]) {
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
            let base = p * buckets
            if counts[base..<(base + buckets)].contains(n) { continue }
            var run = 0
            for d in 0..<buckets {
                offsets[d] = run
                run += counts[base + d]
            }
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
