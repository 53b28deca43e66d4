import Foundation

/// An in-place iterative radix-2 complex FFT of a fixed power-of-two length, with precomputed twiddles.
///
/// Used by `Models.SpectralResidual` (lengths 16…1024) and `Evaluation`'s fidelity periodogram (a series zero-padded
/// to the next power of two); no BLAS needed.
public struct RadixTwoFFT: Sendable, Equatable {
    /// Transform length (a power of two ≥ 2).
    public let length: Int
    private let cosTable: [Double]
    private let sinTable: [Double]
    private let bitReverse: [Int]

    /// Creates a transform of `length` points; `length` must be a power of two ≥ 2.
    public init(length: Int) {
        precondition(length >= 2 && length & (length - 1) == 0, "FFT length must be a power of two")
        self.length = length
        cosTable = (0..<(length / 2)).map { cos(2 * Double.pi * Double($0) / Double(length)) }
        sinTable = (0..<(length / 2)).map { sin(2 * Double.pi * Double($0) / Double(length)) }
        var bits = 0
        while (1 << bits) < length { bits += 1 }
        bitReverse = (0..<length).map { i in
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            return r
        }
    }

    /// Transforms `re`, `im` in place: forward uses e^(−2πi·jk/N); `inverse` uses e^(+2πi·jk/N) and divides by N.
    public func transform(_ re: UnsafeMutableBufferPointer<Double>, _ im: UnsafeMutableBufferPointer<Double>, inverse: Bool) {
        let n = length
        precondition(re.count == n && im.count == n)
        for i in 0..<n {
            let j = bitReverse[i]
            if j > i {
                re.swapAt(i, j)
                im.swapAt(i, j)
            }
        }
        let sign: Double = inverse ? 1 : -1
        var size = 2
        while size <= n {
            let half = size / 2
            let step = n / size
            var start = 0
            while start < n {
                for k in 0..<half {
                    let wr = cosTable[k * step], wi = sign * sinTable[k * step]
                    let a = start + k, b = a + half
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                }
                start += size
            }
            size *= 2
        }
        if inverse {
            let scale = 1 / Double(n)
            for i in 0..<n { re[i] *= scale; im[i] *= scale }
        }
    }
}
