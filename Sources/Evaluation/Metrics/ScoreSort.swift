/// Sorting of finite scores, the one O(n log n) step of the ranking metrics.
enum ScoreSort {
    /// Sorts finite `Double`s ascending with an LSD radix sort on their order-preserving bit patterns
    /// (4 passes of 16 bits). −0 is folded into +0; NaN must not occur.
    ///
    /// - Complexity: O(n) time, O(n) extra memory.
    static func ascending(_ values: inout [Double]) {
        let n = values.count
        if n < 256 { values.sort(); return }
        var keys = [UInt64](repeating: 0, count: n)
        var tmp = [UInt64](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            keys.withUnsafeMutableBufferPointer { k in
                for i in 0..<n {
                    let b = (v[i] + 0.0).bitPattern
                    k[i] = b & (1 << 63) != 0 ? ~b : b | (1 << 63)
                }
            }
        }
        var count = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            keys.withUnsafeMutableBufferPointer { src in
                tmp.withUnsafeMutableBufferPointer { dst in
                    count.withUnsafeMutableBufferPointer { c in
                        for d in 0..<c.count { c[d] = 0 }
                        for i in 0..<n { c[Int((src[i] >> shift) & 0xFFFF)] += 1 }
                        var sum = 0
                        for d in 0..<c.count { let x = c[d]; c[d] = sum; sum += x }
                        for i in 0..<n {
                            let d = Int((src[i] >> shift) & 0xFFFF)
                            dst[c[d]] = src[i]
                            c[d] += 1
                        }
                    }
                }
            }
            swap(&keys, &tmp)
        }
        keys.withUnsafeBufferPointer { k in
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<n {
                    let b = k[i]
                    v[i] = Double(bitPattern: b & (1 << 63) != 0 ? b & ~(1 << 63) : ~b)
                }
            }
        }
    }
}
