/// The candidate neighbours of one kNN query during single-precision screening.
///
/// Every training row `j` that reaches ``offer(lower:upper:index:)`` comes with a bracket
/// `lower ≤ r ≤ upper` around its exact squared distance `r`. The list keeps the `k` smallest
/// `upper` values in a max-heap, whose top ``bound`` is therefore an upper bound of the `k`-th
/// smallest exact distance, and every row whose `lower` does not exceed the bound: those rows
/// contain every true neighbour (a neighbour's `lower ≤ r ≤ k-th smallest r ≤ bound`, and the bound
/// only decreases). Rows are dropped lazily when the list doubles, so adding a row is O(log k)
/// amortised and allocates only while the list grows.
struct KNNCandidates {
    /// Number of neighbours.
    let k: Int
    /// Lower bounds of the kept rows' squared distances (parallel to ``indices``).
    private(set) var lowers: [Double] = []
    /// Training rows kept.
    private(set) var indices: [Int32] = []
    /// Max-heap of the `k` smallest upper bounds seen.
    private var heap: [Double] = []
    /// Size at which the list is next compacted.
    private var compactAt = 64

    /// Creates an empty list for `k` neighbours.
    init(k: Int) {
        self.k = max(1, k)
        heap.reserveCapacity(self.k)
    }

    /// Empties the list, keeping its storage.
    mutating func reset() {
        lowers.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
        heap.removeAll(keepingCapacity: true)
        compactAt = max(64, 8 * k)
    }

    /// Upper bound of the `k`-th smallest squared distance (∞ until `k` rows were offered).
    var bound: Double { heap.count == k ? heap[0] : .infinity }

    /// Considers one training row with `lower ≤ r ≤ upper`.
    @inline(__always)
    mutating func offer(lower: Double, upper: Double, index: Int32) {
        let b = bound
        guard lower <= b else { return }
        if heap.count < k {
            heap.append(upper)
            siftUp(heap.count - 1)
        } else if upper < b {
            heap[0] = upper
            siftDown(0)
        }
        lowers.append(lower)
        indices.append(index)
        if lowers.count >= compactAt { compact() }
    }

    /// Drops the rows whose lower bound exceeds the current bound.
    mutating func compact() {
        let b = bound
        var kept = 0
        for r in 0..<lowers.count where lowers[r] <= b {
            lowers[kept] = lowers[r]
            indices[kept] = indices[r]
            kept += 1
        }
        lowers.removeLast(lowers.count - kept)
        indices.removeLast(indices.count - kept)
        compactAt = max(compactAt, 2 * kept)
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i] > heap[parent] else { return }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var top = i
            if l < n && heap[l] > heap[top] { top = l }
            if r < n && heap[r] > heap[top] { top = r }
            if top == i { return }
            heap.swapAt(i, top)
            i = top
        }
    }
}

/// The `k` nearest rows found so far by exact squared distance, ties broken by the lower training
/// row (insertion into a sorted list of at most `k` entries).
struct KNNNearest {
    /// Number of neighbours.
    let k: Int
    /// Squared distances, ascending.
    private(set) var distances: [Double] = []
    /// Training rows, in the order of ``distances``.
    private(set) var indices: [Int] = []

    /// Creates an empty list for `k` neighbours.
    init(k: Int) {
        self.k = max(1, k)
        distances.reserveCapacity(self.k + 1)
        indices.reserveCapacity(self.k + 1)
    }

    /// Empties the list.
    mutating func reset() {
        distances.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    /// Inserts a row if it is among the `k` nearest so far.
    @inline(__always)
    mutating func insert(_ d: Double, _ index: Int) {
        if distances.count == k {
            let last = distances[k - 1]
            guard d < last || (d == last && index < indices[k - 1]) else { return }
            distances.removeLast()
            indices.removeLast()
        }
        var p = distances.count
        while p > 0 && (distances[p - 1] > d || (distances[p - 1] == d && indices[p - 1] > index)) { p -= 1 }
        distances.insert(d, at: p)
        indices.insert(index, at: p)
    }
}
