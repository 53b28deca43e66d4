import Foundation

/// Spectral residual saliency (Ren et al., KDD 2019), computed causally over a trailing window.
///
/// At each value: the last `length − extend` finite values (including this one) are followed by
/// `extend` extrapolated points (the value `x_{n−m+1} + ḡ·m`, ḡ the mean slope from x_n back to the
/// previous m = `extend` points, as in the paper) so the current point is not at the edge of the transform. With F = FFT of that
/// sequence and `A̅_k` the mean log-amplitude over bins k−1, k, k+1 (circular), the saliency map is
/// `S = |IFFT(F · e^(−A̅))|` (equal to the paper's `|IFFT(exp(R + iP))|` with R = log A − A̅).
/// Score = max(0, (S_cur − S̄) / S̄), where S̄ is the mean saliency over the real (non-extrapolated)
/// points; 0 when S̄ is (near) zero. Log-amplitudes are floored at ln 10⁻¹². The score is scale-invariant.
///
/// - Scores are 0 until the window is full.
/// - NaN rule: a NaN (or infinite) value scores 0 and leaves the window unchanged.
/// - Complexity: O(length · log length) per value (two FFTs).
public struct SpectralResidual: UnivariateScorer, Equatable {
    /// FFT length (a power of two).
    public let length: Int
    /// Number of extrapolated points appended after the current value (≥ 1, < length/2).
    public let extend: Int
    private let fft: RadixTwoFFT
    private var ring: [Double]
    private var head = 0
    private var count = 0

    /// Creates the scorer; `length` must be a power of two ≥ 16 and `extend` in 1..<length/2.
    public init(length: Int, extend: Int) {
        precondition(length >= 16 && length & (length - 1) == 0)
        precondition(extend >= 1 && extend < length / 2)
        self.length = length
        self.extend = extend
        self.fft = RadixTwoFFT(length: length)
        self.ring = [Double](repeating: 0, count: length - extend)
    }

    /// Adds `x` to the window and returns the saliency score of `x`.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        let w = length - extend
        ring[head] = x
        head = (head + 1) % w
        if count < w { count += 1 }
        guard count == w else { return 0 }
        var re = [Double](repeating: 0, count: length)
        var im = [Double](repeating: 0, count: length)
        for i in 0..<w { re[i] = ring[(head + i) % w] }
        // Extrapolate: mean slope from the last value back to each of the previous `extend` values.
        let last = re[w - 1]
        var slope = 0.0
        for i in 1...extend { slope += (last - re[w - 1 - i]) / Double(i) }
        slope /= Double(extend)
        let estimate = re[w - extend] + slope * Double(extend)
        for i in w..<length { re[i] = estimate }
        let n = length
        var logAmp = [Double](repeating: 0, count: n)
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { m in
                fft.transform(r, m, inverse: false)
                let floorLog = log(1e-12)
                for k in 0..<n {
                    let a = (r[k] * r[k] + m[k] * m[k]).squareRoot()
                    logAmp[k] = a > 1e-12 ? log(a) : floorLog
                }
                for k in 0..<n {
                    let avg = (logAmp[(k + n - 1) % n] + logAmp[k] + logAmp[(k + 1) % n]) / 3
                    let g = exp(-avg)
                    r[k] *= g
                    m[k] *= g
                }
                fft.transform(r, m, inverse: true)
            }
        }
        var mean = 0.0
        var current = 0.0
        for i in 0..<w {
            let s = (re[i] * re[i] + im[i] * im[i]).squareRoot()
            mean += s
            if i == w - 1 { current = s }
        }
        mean /= Double(w)
        guard mean > 1e-12 else { return 0 }
        return Swift.max(0, (current - mean) / mean)
    }
}
