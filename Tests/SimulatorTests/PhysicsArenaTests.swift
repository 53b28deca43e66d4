import Foundation
import Testing

@testable import Simulator

@Suite struct PhysicsArenaTests {
    @Test func buffersAreZeroedAlignedAndDisjoint() {
        let a = PhysicsArena()
        let d1 = a.doubles(5), i1 = a.ints(3), d2 = a.doubles(7), i2 = a.ints(0), d3 = a.doubles(1)
        #expect((0..<5).allSatisfy { d1[$0] == 0 } && (0..<3).allSatisfy { i1[$0] == 0 } && (0..<7).allSatisfy { d2[$0] == 0 })
        let starts = [Int(bitPattern: d1), Int(bitPattern: i1), Int(bitPattern: d2), Int(bitPattern: i2), Int(bitPattern: d3)]
        let bytes = [5 * 8, 3 * 8, 7 * 8, 0, 8]
        #expect(starts.allSatisfy { $0 % 8 == 0 })
        // Carved in call order, each after the end of the previous one.
        for k in 1..<starts.count { #expect(starts[k] >= starts[k - 1] + bytes[k - 1]) }
        for k in 0..<5 { d1[k] = Double(k) + 0.5 }
        for k in 0..<3 { i1[k] = -k }
        for k in 0..<7 { d2[k] = 1e9 + Double(k) }
        #expect((0..<5).allSatisfy { d1[$0] == Double($0) + 0.5 } && (0..<3).allSatisfy { i1[$0] == -$0 })
        #expect(a.blockCount == 1)
    }

    @Test func copiesItsSource() {
        let a = PhysicsArena()
        let src = [1.5, -2, .infinity, 4], isrc = [3, 1, 4, 1, 5]
        let d = a.doubles(src.count, copying: src), i = a.ints(isrc.count, copying: isrc)
        #expect(Array(UnsafeBufferPointer(start: d, count: src.count)) == src)
        #expect(Array(UnsafeBufferPointer(start: i, count: isrc.count)) == isrc)
        _ = a.doubles(0, copying: [])
    }

    @Test func requestsThatDoNotFitOpenNewBlocks() {
        let a = PhysicsArena(blockBytes: 64)
        let small = a.doubles(6)  // 48 of 64 bytes
        let spill = a.doubles(4)  // 32 bytes: a second block (128 bytes)
        let big = a.ints(100)  // 800 bytes: a third block of its own size
        #expect(a.blockCount == 3)
        for k in 0..<6 { small[k] = 1 }
        for k in 0..<4 { spill[k] = 2 }
        for k in 0..<100 { big[k] = k }
        #expect((0..<6).allSatisfy { small[$0] == 1 } && (0..<4).allSatisfy { spill[$0] == 2 })
        #expect((0..<100).allSatisfy { big[$0] == $0 })
        #expect([Int(bitPattern: small), Int(bitPattern: spill), Int(bitPattern: big)].allSatisfy { $0 % 8 == 0 })
    }

    @Test func physicsMirrorsTheWorldAndStartsFromZero() throws {
        let s = try TestWorld.scenario(TestWorld.yaml(duration: "1h"))
        let w = World(scenario: s, seed: s.seed)
        let p = Physics(world: w)
        let n = w.serviceCount, h = w.hostNames.count, e = w.edgeCallee.count, q = w.placementHost.count
        func same(_ x: UnsafeMutablePointer<Double>, _ y: [Double]) -> Bool { Array(UnsafeBufferPointer(start: x, count: y.count)) == y }
        func same(_ x: UnsafeMutablePointer<Int>, _ y: [Int]) -> Bool { Array(UnsafeBufferPointer(start: x, count: y.count)) == y }
        #expect(w.edgeStart.count == n + 1 && w.placementStart.count == n + 1 && w.edgeFanOut.count == e)
        #expect(same(p.inverseHostCores, w.hostCores.map { 1 / $0 }))
        #expect(same(p.edgeFanOut, w.edgeFanOut) && same(p.edgeTimeoutMs, w.edgeTimeoutMs))
        #expect(same(p.replicas, w.replicas) && same(p.workers, w.workers) && same(p.serviceTimeMs, w.serviceTimeMs))
        #expect(same(p.entryShare, w.entryShare) && same(p.memLimitBytes, w.memLimitBytes) && same(p.poolSize, w.poolSize))
        #expect(same(p.baseError, w.baseError) && same(p.memBase, w.memBase) && same(p.gcPeriodMs, w.gcPeriodMs))
        #expect(same(p.diskBase, w.diskBase) && same(p.placementShare, w.placementShare))
        #expect(same(p.order, w.order) && same(p.edgeStart, w.edgeStart) && same(p.placementStart, w.placementStart))
        #expect(same(p.edgeCallee, w.edgeCallee) && same(p.edgeRetries, w.edgeRetries) && same(p.placementHost, w.placementHost))
        #expect(same(p.load, [Double](repeating: 0, count: n)) && same(p.staticErr, [Double](repeating: 0, count: n)))
        #expect(same(p.qEdge, [Double](repeating: 0, count: e)) && same(p.qStatic, [Double](repeating: 0, count: e)))
        #expect(same(p.hostUtil, [Double](repeating: 0, count: h)) && same(p.level, [Int](repeating: 0, count: n)))
        #expect((0..<h).allSatisfy { p.hostMemCapacity[$0] > 0 } && q > 0)
        #expect(p.arena.blockCount == 1)
    }
}
