import Testing

@testable import Models

/// The kNN detector stores its training rows in a scattered order (the neighbours do not depend on it).
@Suite struct KNNOrderTests {
    @Test(arguments: [1, 2, 3, 4, 10, 97, 1000, 20_000])
    func theStoredOrderIsAPermutationThatScattersNeighbours(m: Int) {
        let order = KNNDetector.scatteredOrder(m)
        #expect(order.count == m)
        #expect(Set(order).count == m && order.allSatisfy { $0 >= 0 && Int($0) < m })
        if m >= 1000 {
            // Consecutive positions hold rows far apart in index.
            let steps = zip(order, order.dropFirst()).map { abs(Int($0) - Int($1)) }
            #expect((steps.min() ?? 0) >= m / 4)
        }
    }
}
