import Foundation
import Models
import Telemetry
import Testing

/// The fuzzy-ART shape channel and the ensemble, on small inputs.
@Suite struct ShapeNoveltyTests {
    @Test func complementCodingClampsAndMirrors() {
        #expect(FuzzyARTNovelty.complementCode([0.25, 1.5, -1]) == [0.25, 1, 0, 0.75, 0, 1])
    }

    @Test func fuzzyARTMatchIsCubedFeatureSimilarityTimesSquaredEnergySimilarity() {
        // F = 2, energy = entries 1 and 3 (the second feature and its complement).
        var art = FuzzyARTNovelty(features: 2, energy: [1, 3], vigilance: 0.9)
        let a = FuzzyARTNovelty.complementCode([0.2, 0.8])  // [0.2, 0.8, 0.8, 0.2], |a| = 2
        let first = art.present(a)
        #expect(first.novel && first.match == 0 && art.categories == 1)
        #expect(art.present(a).novel == false)  // identical input: M = 1
        // b = [0.2, 0.6, 0.8, 0.4]: a ∧ b = [0.2, 0.6, 0.8, 0.2] → fs = 1.8/2 = 0.9;
        // energy entries (1, 3): (0.6 + 0.2)/(0.8 + 0.2) = 0.8 → M = 0.9³·0.8² = 0.46656.
        let b = FuzzyARTNovelty.complementCode([0.2, 0.6])
        let m = art.matches(b)
        #expect(m.count == 1)
        #expect(abs(m[0].0 - 0.46656) < 1e-12 && abs(m[0].1 - 0.8) < 1e-12)
        let outcome = art.present(b)
        #expect(outcome.novel && abs(outcome.match - 0.46656) < 1e-12)
        #expect(art.categories == 2)
    }

    @Test func resonatingCategoriesLearnByElementwiseMinimum() {
        var art = FuzzyARTNovelty(features: 2, energy: [1, 3], vigilance: 0.4)
        _ = art.present(FuzzyARTNovelty.complementCode([0.2, 0.8]))
        let b = FuzzyARTNovelty.complementCode([0.2, 0.6])
        #expect(art.present(b).novel == false)  // M = 0.46656 ≥ 0.4: the category learns w = a ∧ b
        // Now w = [0.2, 0.6, 0.8, 0.2]: b ∧ w = [0.2, 0.6, 0.8, 0.2], fs = 1, es = (0.6+0.2)/(0.6+0.2) = 1.
        #expect(abs(art.matches(b)[0].0 - 1) < 1e-12)
        #expect(art.categories == 1)
    }

    @Test func haarTransformIsOrthonormal() {
        let x: [Double] = [1, 3, 2, 2, 5, 1, 0, 4]
        let h = ShapeNoveltyScorer.haar(x)
        #expect(h.count == 8)
        // Energy is preserved and the approximation is sum/√8.
        #expect(abs(h.reduce(0) { $0 + $1 * $1 } - x.reduce(0) { $0 + $1 * $1 }) < 1e-12)
        #expect(abs(h[0] - 18 / 8.0.squareRoot()) < 1e-12)
        // Finest details: (x0 − x1)/√2 … in order at the end.
        #expect(abs(h[4] - (1 - 3) / 2.0.squareRoot()) < 1e-12 && abs(h[7] - (0 - 4) / 2.0.squareRoot()) < 1e-12)
    }

    @Test func shapeNoveltyIsSilentOnARepeatedPatternAndFlagsANewShape() {
        var s = ShapeNoveltyScorer(probation: 208, refractory: 0)  // step = 2 values per sample
        var out: [Double] = []
        let period = [0.0, 0.0, 1, 1, 2, 2, 3, 3, 2, 2, 1, 1]
        for i in 0..<600 { out.append(s.score(period[i % period.count] * 10)) }
        #expect(out.allSatisfy { $0 == 0 })  // the pattern is learned in the probation
        // A flat stretch at mid level is a shape never seen.
        var later: [Double] = []
        for _ in 0..<60 { later.append(s.score(15)) }
        #expect(later.contains { $0 > 0 })
        #expect(later.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func ensembleRescalesEachChannelSoItsGateMapsToOneHalf() {
        #expect(NoveltyEnsembleScorer.rescale(0.8, gate: 0.8) == 0.5)
        #expect(NoveltyEnsembleScorer.rescale(1, gate: 0.8) == 1)
        #expect(abs(NoveltyEnsembleScorer.rescale(0.4, gate: 0.8) - 0.25) < 1e-15)
        #expect(NoveltyEnsembleScorer.rescale(0, gate: 0.067) == 0)
    }

    @Test func ensembleReportsALevelShiftOnceAndStaysInTheUnitInterval() {
        var s = NoveltyEnsembleScorer(probation: 200, refractory: 0.5)
        var out: [Double] = []
        for i in 0..<700 {
            let base = Double(i % 10) / 9
            out.append(s.score(i < 400 ? base : base + 2))
        }
        #expect(out[0..<400].allSatisfy { $0 == 0 })
        #expect(out.allSatisfy { $0 >= 0 && $0 <= 1 })
        let first = out.firstIndex { $0 >= 0.5 }
        #expect(first.map { (400..<410).contains($0) } == true)
        if let a = first { #expect(out[(a + 1)...(a + 100)].allSatisfy { $0 == 0 }) }
    }

    @Test func adaptiveVigilanceFallsWhenShapesStopMatchingAndStaysPutWhenOff() {
        let period = [0.0, 0.0, 1, 1, 2, 2, 3, 3, 2, 2, 1, 1]
        var fixed = ShapeNoveltyScorer(probation: 208, refractory: 0)
        var drifting = ShapeNoveltyScorer(probation: 208, refractory: 0, adaptive: true)
        for i in 0..<208 { _ = fixed.score(period[i % 12]); _ = drifting.score(period[i % 12]) }
        let calibrated = drifting.vigilance
        #expect(fixed.vigilance == calibrated)
        // Then noise over the same range: matches fall below ρ, so ρ drifts down (never above 0.97).
        let noise = Fixtures.noise(2000, seed: 9, mean: 1.5, std: 0.8)
        for x in noise { _ = fixed.score(x); _ = drifting.score(x) }
        #expect(fixed.vigilance == calibrated)
        #expect(drifting.vigilance < calibrated, "\(calibrated) → \(drifting.vigilance)")
    }

    /// The registry's contract tests run these detectors inside their default probation (all zeros), so
    /// check causality and streaming equality again with a short probation, past which they do alarm.
    @Test(arguments: ["entropy_novelty", "shape_novelty", "novelty_ensemble"])
    func noveltyDetectorsAreCausalPastAShortProbation(_ name: String) throws {
        var values = Fixtures.noise(500, seed: 21, mean: 10, std: 1)
        for i in 300..<500 { values[i] += 6 }  // a level shift after the probation
        values[250] = 40  // and a spike
        let frame = try MetricFrame(columns: [values])
        let d = try ModelRegistry.standard.make(name: name, parameters: ["probation": "120"], seed: 0)
        let full = try d.scores(for: frame).scores
        #expect(full[0..<120].allSatisfy { $0 == 0 })
        #expect(full.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(full[250] == 1)  // the spike is a new extreme
        for cut in [121, 251, 301, 499] {
            #expect(try d.scores(for: frame.rows(0..<cut)).scores == Array(full[0..<cut]), "\(name) at \(cut)")
        }
        guard var live = d as? any StreamingDetector else {
            Issue.record("\(name) is not streaming")
            return
        }
        let streamed = values.map { v in [v].withUnsafeBufferPointer { live.observe($0) } }
        #expect(streamed == full)
    }
}
