import Foundation
import LinearAlgebra

/// Spectral residual saliency (Ren et al., KDD 2019), computed causally over a trailing window.
///
/// At each value: the last `length − extend` finite values (including this one) are followed by
/// `extend` copies of an extrapolated point (the paper's `x_{p−m+1} + ḡ·m`, ḡ the mean slope from the
/// previous value x_p back to the m = `extend` values before it — computed from the values *before* the
/// current one, as Microsoft's implementation does) so the current point is not at the edge of the transform. With F = FFT of that
/// sequence and `A̅_k` the trailing mean log-amplitude over bins max(0, k−2)…k (the q = 3 average filter of
/// Microsoft's implementation, which leaves the DC bin's residual at 0), the saliency map is
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
    // Scratch buffers reused at every value (their contents carry no state between values).
    private var re: [Double]
    private var im: [Double]
    private var logAmp: [Double]

    /// Creates the scorer; `length` must be a power of two ≥ 16 and `extend` in 1..<length/2.
    public init(length: Int, extend: Int) {
        precondition(length >= 16 && length & (length - 1) == 0)
        precondition(extend >= 1 && extend < length / 2)
        self.length = length
        self.extend = extend
        self.fft = RadixTwoFFT(length: length)
        self.ring = [Double](repeating: 0, count: length - extend)
        self.re = [Double](repeating: 0, count: length)
        self.im = [Double](repeating: 0, count: length)
        self.logAmp = [Double](repeating: 0, count: length)
    }

    /// Scorers compare equal when their configuration and window state agree (scratch space is ignored).
    public static func == (a: SpectralResidual, b: SpectralResidual) -> Bool {
        a.length == b.length && a.extend == b.extend && a.ring == b.ring && a.head == b.head && a.count == b.count
    }

    /// Adds `x` to the window and returns the saliency score of `x`.
    public mutating func score(_ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        let w = length - extend
        ring[head] = x
        head = (head + 1) % w
        if count < w { count += 1 }
        guard count == w else { return 0 }
        for i in 0..<w { re[i] = ring[(head + i) % w] }
        for i in 0..<length { im[i] = 0 }
        // Extrapolate from the values before the current one (so a spike now is not smeared into the
        // extension): with p = the previous value, estimate = x_{p−m+1} + Σ_{i=1…m} (x_p − x_{p−i})/i.
        let previous = re[w - 2]
        var slopes = 0.0
        for i in 1...extend { slopes += (previous - re[w - 2 - i]) / Double(i) }
        let estimate = re[w - 1 - extend] + slopes
        for i in w..<length { re[i] = estimate }
        let n = length
        let fft = self.fft
        var logAmp = self.logAmp
        self.logAmp = []
        defer { self.logAmp = logAmp }
        re.withUnsafeMutableBufferPointer { r in
            im.withUnsafeMutableBufferPointer { m in
                fft.transform(r, m, inverse: false)
                let floorLog = log(1e-12)
                for k in 0..<n {
                    let a = (r[k] * r[k] + m[k] * m[k]).squareRoot()
                    logAmp[k] = a > 1e-12 ? log(a) : floorLog
                }
                for k in 0..<n {
                    let lo = Swift.max(0, k - 2)
                    var avg = 0.0
                    for j in lo...k { avg += logAmp[j] }
                    avg /= Double(k - lo + 1)
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
