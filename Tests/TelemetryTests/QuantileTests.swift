import Telemetry
import Testing

@Suite struct QuantileTests {
    @Test func type7InterpolatesBetweenOrderStatistics() {
        let x: [Double] = [4, 1, 3, 2]
        // h = 3p: p = 0.5 → 1.5 → 2 + 0.5·(3 − 2).
        #expect(Quantile.type7(x, 0.5) == 2.5)
        // p = 0.9 → h = 2.7 → 3 + 0.7·1.
        #expect(abs((Quantile.type7(x, 0.9) ?? 0) - 3.7) < 1e-12)
        #expect(Quantile.type7(x, 0) == 1)
        #expect(Quantile.type7(x, 1) == 4)
        #expect(Quantile.type7([7], 0.3) == 7)
        #expect(Quantile.type7([], 0.5) == nil)
    }
}
