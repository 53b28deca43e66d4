import Telemetry

/// Turns true values into what a monitoring system would have scraped: relative noise, outliers
/// that are not incidents, quantisation, scrape gaps (NaN for every series of an entity in that
/// row) and counters (running totals that reset to zero at labelled restarts).
///
/// Works on time-major rows (`v[c]` is series `c` of one row). `observe(row:)` is a pure function
/// of the row, so rows are observed in any order on any thread; only the counters carry state
/// (one running total per counter column), so `accumulateCounters` must see chunks in row order.
///
/// One 64-bit counter-based draw per pair of values and row gives both values' noise (an Irwin–Hall
/// normal from four bytes each). Gaps and outliers take one draw each per entity and row: a gap
/// blanks the entity's row; an outlier (probability `rate × the entity's outlier-prone series`, so
/// about `rate` per value) multiplies one of its values, picked by the same draw, by 2.5–4.5. The
/// error ratio is a ratio of counts (consistent with the counters) and gets neither noise nor outliers.
struct Observer {
    let world: World
    /// Running totals of the counter columns, in `counterColumns` order.
    var totals: [Double]
    /// Series that get noise, outliers and quantisation (every column but the counters), with their
    /// parameters at the same index.
    let noisyColumns: [Int]
    let noisyKeys: [UInt64]
    let noisyScale: [Double]
    let noisyQuantum: [Double]
    let noisyInverseQuantum: [Double]
    let noisyUpper: [Double]
    /// Counter columns and the service (for restarts) and entity (for gaps) of each.
    let counterColumns: [Int]
    let counterService: [Int]
    let counterEntity: [Int]
    /// Entities by first appearance in the series table; their gap keys and non-counter columns.
    let gapKeys: [UInt64]
    let outlierKeys: [UInt64]
    let entityNoisyColumns: [[Int]]
    /// Per entity, the index into the `noisy…` arrays of each of its noisy columns that can get an outlier.
    let entityNoisyIndex: [[Int]]
    let gapThreshold: UInt64
    /// Per entity, the threshold on the top 32 bits of its outlier draw (0: no outliers).
    let outlierThreshold: [UInt64]

    /// Number of entities (the width of a row's gap flags).
    var entityCount: Int { gapKeys.count }

    init(world: World) {
        self.world = world
        let desc = world.seriesDescriptors
        let sigma = world.scenario.observation.noise
        var entities: [String] = []
        var entityIndex: [String: Int] = [:]
        var nc: [Int] = [], nk: [UInt64] = [], ns: [Double] = [], nq: [Double] = [], ni: [Double] = [], nu: [Double] = []
        var cc: [Int] = [], cs: [Int] = [], ce: [Int] = []
        var entityColumns: [[Int]] = [], entityIndexes: [[Int]] = []
        for (c, d) in desc.enumerated() {
            if entityIndex[d.entity] == nil {
                entityIndex[d.entity] = entities.count
                entities.append(d.entity)
                entityColumns.append([])
                entityIndexes.append([])
            }
            let e = entityIndex[d.entity] ?? 0
            let svc = c < world.serviceCount * ServiceMetric.count ? c / ServiceMetric.count : -1
            let metric = svc >= 0 ? ServiceMetric(rawValue: c % ServiceMetric.count) : nil
            if let metric, metric.kind == .counter {
                cc.append(c); cs.append(svc); ce.append(e)
                continue
            }
            let quantum: Double, upper: Double
            if let metric {
                ns.append(sigma * metric.noiseScale)
                quantum = metric.quantum
                switch metric {
                case .errorRatio, .cpuUtil, .poolUtil, .diskUtil: upper = 1
                default: upper = .infinity
                }
            } else {
                ns.append(sigma)
                quantum = 1e-5
                upper = 1
            }
            nc.append(c)
            nk.append(CounterRandom.key(seed: world.seed, stream: CounterRandom.stream(d.id, purpose: 3)))
            nq.append(quantum)
            ni.append(quantum > 0 ? 1 / quantum : .infinity)  // ∞: never rounds
            nu.append(upper)
            entityColumns[e].append(c)
            if metric != .errorRatio { entityIndexes[e].append(nc.count - 1) }
        }
        noisyColumns = nc; noisyKeys = nk; noisyScale = ns; noisyQuantum = nq; noisyInverseQuantum = ni; noisyUpper = nu
        counterColumns = cc; counterService = cs; counterEntity = ce
        totals = [Double](repeating: 0, count: cc.count)
        entityNoisyColumns = entityColumns
        entityNoisyIndex = entityIndexes
        gapKeys = entities.map { CounterRandom.key(seed: world.seed, stream: CounterRandom.stream($0, purpose: 7)) }
        outlierKeys = entities.map { CounterRandom.key(seed: world.seed, stream: CounterRandom.stream($0, purpose: 8)) }
        let gap = world.scenario.observation.scrapeGapRate
        gapThreshold = gap <= 0 ? 0 : (gap >= 1 ? UInt64.max : UInt64(gap * 18_446_744_073_709_551_615.0))
        let out = world.scenario.observation.outlierRate
        outlierThreshold = entityIndexes.map { cols in
            let p = min(1, out * Double(cols.count))
            return p <= 0 ? 0 : UInt64(min(4_294_967_296, max(1, (p * 4_294_967_296).rounded())))
        }
    }

    /// Observes one time-major row in place (counters are left as increments) and writes the row's
    /// scrape-gap flag of every entity to `gaps[0 ..< entityCount]`.
    func observe(row v: UnsafeMutablePointer<Double>, row: Int, gaps: UnsafeMutablePointer<Bool>) {
        let rowTerm = UInt64(bitPattern: Int64(row)) &* SplitMix64.golden
        noisyColumns.withUnsafeBufferPointer { cols in
            noisyKeys.withUnsafeBufferPointer { keys in
                noisyScale.withUnsafeBufferPointer { scale in
                    noisyQuantum.withUnsafeBufferPointer { quantum in
                        noisyInverseQuantum.withUnsafeBufferPointer { inverse in
                            noisyUpper.withUnsafeBufferPointer { upper in
                                @inline(__always) func finish(_ k: Int, _ raw: Double) {
                                    var x = min(upper[k], max(0, raw))
                                    // Round to the nearest quantum (adding and subtracting 1.5·2^52 rounds half-even without a libm call).
                                    let y = x * inverse[k]
                                    if y < 4.0e15 { x = ((y + 6_755_399_441_055_744.0) - 6_755_399_441_055_744.0) * quantum[k] }
                                    v[cols[k]] = x
                                }
                                // Two values per draw: the low and the high four bytes.
                                let count = cols.count
                                var k = 0
                                while k + 1 < count {
                                    let (z0, z1) = CounterRandom.gaussian32Pair(CounterRandom.mix(keys[k] &+ rowTerm))
                                    finish(k, v[cols[k]] * (1 + scale[k] * z0))
                                    finish(k + 1, v[cols[k + 1]] * (1 + scale[k + 1] * z1))
                                    k += 2
                                }
                                if k < count {
                                    let b = CounterRandom.mix(keys[k] &+ rowTerm)
                                    finish(k, v[cols[k]] * (1 + scale[k] * CounterRandom.gaussian32(b)))
                                }
                                // Outliers: at most one value per entity and row.
                                for e in 0..<outlierKeys.count where outlierThreshold[e] > 0 {
                                    let o = CounterRandom.mix(outlierKeys[e] &+ rowTerm)
                                    guard (o >> 32) < outlierThreshold[e] else { continue }
                                    let members = entityNoisyIndex[e]
                                    let j = members[Int((o & 0xFFFF) % UInt64(members.count))]
                                    finish(j, v[cols[j]] * (2.5 + Double((o >> 16) & 0xFF) / 128))
                                }
                            }
                        }
                    }
                }
            }
        }
        let gapT = gapThreshold
        for e in 0..<gapKeys.count {
            let gapped = gapT > 0 && CounterRandom.bits(gapKeys[e], row) < gapT
            gaps[e] = gapped
            if gapped { for c in entityNoisyColumns[e] { v[c] = .nan } }
        }
    }

    /// Turns the counter increments of `rows` time-major rows (`chunk[r · series + c]`, starting at
    /// run row `firstRow`) into running totals, reset to zero at restarts, NaN where the row's
    /// entity had a scrape gap (the total still counts through the gap). Chunks must come in row order.
    mutating func accumulateCounters(_ chunk: UnsafeMutablePointer<Double>, rows: Int, firstRow: Int, gaps: UnsafePointer<Bool>) {
        let width = world.seriesCount
        let entities = entityCount
        let restarts = world.restartRows
        let m = counterColumns.count
        var next = [Int](repeating: 0, count: m)
        var nextRow = [Int](repeating: Int.max, count: m)
        for k in 0..<m {
            let list = restarts[counterService[k]]
            next[k] = Self.lowerBound(list, firstRow)
            if next[k] < list.count { nextRow[k] = list[next[k]] }
        }
        totals.withUnsafeMutableBufferPointer { tot in
            counterColumns.withUnsafeBufferPointer { cols in
                counterEntity.withUnsafeBufferPointer { ent in
                    for r in 0..<rows {
                        let row = firstRow + r
                        let v = chunk + r * width
                        let g = gaps + r * entities
                        for k in 0..<m {
                            if nextRow[k] == row {
                                tot[k] = 0
                                let list = restarts[counterService[k]]
                                next[k] += 1
                                nextRow[k] = next[k] < list.count ? list[next[k]] : Int.max
                            }
                            let c = cols[k]
                            let acc = tot[k] + v[c]
                            tot[k] = acc
                            v[c] = g[ent[k]] ? .nan : acc
                        }
                    }
                }
            }
        }
    }

    static func lowerBound(_ a: [Int], _ x: Int) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
