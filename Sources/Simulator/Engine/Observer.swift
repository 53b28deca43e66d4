import Dispatch
import Telemetry

/// Turns true values into what a monitoring system would have scraped: relative noise, outliers
/// that are not incidents, quantisation, scrape gaps (NaN for every series of an entity in that
/// row) and counters (running totals that reset to zero at labelled restarts).
///
/// Carries one running total per counter column across chunks, so it must see chunks in row order.
struct Observer {
    let world: World
    var totals: [Double]
    let columnKeys: [UInt64]
    let gapKeys: [UInt64]
    let columnEntity: [Int]
    let columnService: [Int]
    let columnMetric: [Int]
    let gapThreshold: UInt64
    let outlierThreshold: UInt64

    init(world: World) {
        self.world = world
        let n = world.seriesCount
        totals = [Double](repeating: 0, count: n)
        let desc = world.seriesDescriptors
        var entities: [String] = []
        var entityIndex: [String: Int] = [:]
        var ce: [Int] = [], cs: [Int] = [], cm: [Int] = [], ck: [UInt64] = []
        for (c, d) in desc.enumerated() {
            if entityIndex[d.entity] == nil { entityIndex[d.entity] = entities.count; entities.append(d.entity) }
            ce.append(entityIndex[d.entity] ?? 0)
            let svc = c < world.serviceCount * ServiceMetric.count ? c / ServiceMetric.count : -1
            cs.append(svc)
            cm.append(svc >= 0 ? c % ServiceMetric.count : -1 - (c - world.serviceCount * ServiceMetric.count) % HostMetric.count)
            ck.append(CounterRandom.key(seed: world.seed, stream: CounterRandom.stream(d.id, purpose: 3)))
        }
        columnEntity = ce; columnService = cs; columnMetric = cm; columnKeys = ck
        gapKeys = entities.map { CounterRandom.key(seed: world.seed, stream: CounterRandom.stream($0, purpose: 7)) }
        func threshold(_ p: Double) -> UInt64 { p <= 0 ? 0 : (p >= 1 ? UInt64.max : UInt64(p * 18_446_744_073_709_551_615.0)) }
        gapThreshold = threshold(world.scenario.observation.scrapeGapRate)
        outlierThreshold = threshold(world.scenario.observation.outlierRate)
    }

    /// Observes a chunk in place (rows `firstRow ..< firstRow + frame.rows`), in parallel over columns.
    mutating func observe(_ frame: inout MetricFrame, firstRow: Int, jobs: Int) {
        let rows = frame.rows
        let cols = frame.columns
        let sigma = world.scenario.observation.noise
        let me = self
        totals.withUnsafeMutableBufferPointer { tot in
            frame.withUnsafeMutableBufferPointer { fb in
                nonisolated(unsafe) let base = fb.baseAddress
                nonisolated(unsafe) let totals = tot.baseAddress
                let work: @Sendable (Int) -> Void = { c in
                    guard let base, let totals else { return }
                    me.observeColumn(base + c * rows, rows: rows, column: c, firstRow: firstRow, sigma: sigma, total: totals + c)
                }
                if jobs > 1 {
                    DispatchQueue.concurrentPerform(iterations: cols, execute: work)
                } else {
                    for c in 0..<cols { work(c) }
                }
            }
        }
    }

    func observeColumn(_ v: UnsafeMutablePointer<Double>, rows: Int, column c: Int, firstRow: Int, sigma: Double, total: UnsafeMutablePointer<Double>) {
        let key = columnKeys[c]
        let gapKey = gapKeys[columnEntity[c]]
        let gapT = gapThreshold
        let m = columnMetric[c]
        if m >= 0, let metric = ServiceMetric(rawValue: m), metric.kind == .counter {
            let restarts = world.restartRows[columnService[c]]
            var k = lowerBound(restarts, firstRow)
            var acc = total.pointee
            for r in 0..<rows {
                let row = firstRow + r
                if k < restarts.count && restarts[k] == row { acc = 0; k += 1 }
                acc += v[r]
                v[r] = gapT > 0 && CounterRandom.bits(gapKey, row) < gapT ? .nan : acc
            }
            total.pointee = acc
            return
        }
        let scale: Double, quantum: Double, upper: Double
        if m >= 0, let metric = ServiceMetric(rawValue: m) {
            scale = sigma * metric.noiseScale
            quantum = metric.quantum
            switch metric {
            case .errorRatio, .cpuUtil, .poolUtil, .diskUtil: upper = 1
            default: upper = .infinity
            }
        } else {
            scale = sigma
            quantum = 1e-5
            upper = 1
        }
        let invQ = quantum > 0 ? 1 / quantum : 0
        let outT = outlierThreshold
        for r in 0..<rows {
            let row = firstRow + r
            let b = CounterRandom.bits(key, row)
            var x = v[r] * (1 + scale * CounterRandom.gaussian(b))
            if outT > 0 {
                let b2 = CounterRandom.mix(b ^ 0x5851_F42D_4C95_7F2D)
                if b2 < outT { x *= 2.5 + Double(b2 & 0xFF) / 128 }
            }
            x = min(upper, max(0, x))
            // Round to the nearest quantum (adding and subtracting 1.5·2^52 rounds half-even without a libm call).
            if quantum > 0 {
                let y = x * invQ
                if y < 4.0e15 { x = ((y + 6_755_399_441_055_744.0) - 6_755_399_441_055_744.0) * quantum }
            }
            v[r] = gapT > 0 && CounterRandom.bits(gapKey, row) < gapT ? .nan : x
        }
    }

    func lowerBound(_ a: [Int], _ x: Int) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
