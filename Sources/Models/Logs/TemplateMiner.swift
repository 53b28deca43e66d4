/// A Drain-style streaming log template miner (He et al., ICWS 2017).
///
/// Each message is split on whitespace, its variable tokens are masked (``TokenMasker``), and it
/// is routed down a fixed-depth parse tree: the first level keys on the token count, the next
/// `depth − 3` levels on the leading tokens (a token holding a digit, or any token once a node has
/// `maxChildren` children, goes to the `<*>` branch). The leaf holds a short list of clusters;
/// the message joins the most similar one when the similarity reaches
/// ``Configuration/similarityThreshold`` (ties go to the template with more wildcards), and the
/// template's differing positions become `<*>`. Otherwise it starts a new cluster.
///
/// Similarity is the share of positions where the template's constant token equals the
/// message's token, counting a position where both are `<*>` as equal (original Drain counts it as
/// a parameter only, so a message whose tokens are all masked could never rejoin its cluster).
///
/// The miner is a value type and fully deterministic: the same messages in the same order give
/// the same template ids. Template ids are dense (`0, 1, 2, …`) in order of first appearance and
/// never change once assigned (clusters are never merged with each other).
///
/// ```swift
/// var miner = TemplateMiner()
/// let a = miner.observe("PacketResponder 1 for block blk_38865049064139660 terminating")
/// let b = miner.observe("PacketResponder 2 for block blk_-6670958622368987959 terminating")
/// // a == b; miner.template(a) == "PacketResponder <*> for block blk_<*> terminating"
/// ```
///
/// - Complexity: per message O(tokens) for masking and interning plus O(clusters in the leaf ×
///   tokens) for matching; a few microseconds per line on typical logs.
public struct TemplateMiner: Sendable {
    /// Tuning parameters (Drain's names and defaults as in the Loghub benchmark).
    public struct Configuration: Sendable, Hashable, Codable {
        /// Depth of the parse tree counting the root, the length level and the leaf level, so
        /// `depth − 3` leading tokens key the tree (Drain's `depth`; ≥ 3).
        public var depth: Int
        /// Minimum similarity (0…1) for a message to join an existing cluster (Drain's `st`).
        public var similarityThreshold: Double
        /// Maximum children of an inner node before further tokens are routed to `<*>`.
        public var maxChildren: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - depth: Parse-tree depth, at least 3 (values below are raised to 3).
        ///   - similarityThreshold: Join threshold in 0…1.
        ///   - maxChildren: Children per inner node, at least 2.
        public init(depth: Int = 4, similarityThreshold: Double = 0.5, maxChildren: Int = 100) {
            self.depth = max(3, depth)
            self.similarityThreshold = similarityThreshold
            self.maxChildren = max(2, maxChildren)
        }
    }

    /// The parameters in use.
    public let configuration: Configuration

    private struct Edge: Hashable, Sendable {
        var parent: Int32
        var token: Int32
    }

    /// Interned tokens: id 0 is the wildcard `<*>`.
    private var tokenIds: [String: Int32] = [TokenMasker.wildcard: 0]
    private var tokenText: [String] = [TokenMasker.wildcard]
    private var tokenHasDigit: [Bool] = [false]

    /// Parse tree: node 0 is the root; `edges` maps (parent, token) to a child (the root's
    /// children are keyed by token count).
    private var edges: [Edge: Int32] = [:]
    private var childCount: [Int32] = [0]
    private var hasWildcardChild: [Bool] = [false]
    /// Cluster ids held by each node (only leaves hold any).
    private var leafClusters: [[Int32]] = [[]]

    /// Cluster templates as token ids, and how many messages each has absorbed.
    private var templates: [[Int32]] = []
    private var sizes: [Int] = []

    /// Scratch token buffer reused across calls.
    private var scratch: [Int32] = []

    /// Creates an empty miner.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Number of templates (clusters) found so far.
    public var templateCount: Int { templates.count }

    /// Number of messages each template has absorbed, indexed by template id.
    public var templateSizes: [Int] { sizes }

    /// The template text of `id` (tokens joined by single spaces, variables as `<*>`).
    ///
    /// - Precondition: `0 <= id < templateCount`.
    public func template(_ id: Int) -> String {
        templates[id].map { tokenText[Int($0)] }.joined(separator: " ")
    }

    /// All template texts, indexed by template id.
    public var templateTexts: [String] { (0..<templates.count).map(template) }

    /// Adds one message and returns the id of the template it belongs to.
    ///
    /// - Parameter message: The log message (the content after any header fields).
    /// - Returns: A template id in `0..<templateCount`.
    public mutating func observe(_ message: String) -> Int {
        tokenize(message, intern: true)
        let tokens = scratch
        if let leaf = searchLeaf(tokens), let found = bestMatch(in: leaf, tokens) {
            let c = Int(found.cluster)
            sizes[c] += 1
            mergeIntoTemplate(c, tokens)
            return c
        }
        let id = Int32(templates.count)
        templates.append(tokens)
        sizes.append(1)
        let leaf = insertLeaf(tokens)
        leafClusters[Int(leaf)].append(id)
        return Int(id)
    }

    /// The template a message would join, without changing the miner; nil when it would start a
    /// new one.
    public func match(_ message: String) -> Int? {
        var copy = self
        copy.tokenize(message, intern: false)
        guard let leaf = copy.searchLeaf(copy.scratch), let found = copy.bestMatch(in: leaf, copy.scratch) else {
            return nil
        }
        return Int(found.cluster)
    }

    // MARK: - Tokens

    /// Splits on ASCII whitespace, masks, interns into `scratch` (unknown tokens get id −1 when
    /// `intern` is false).
    private mutating func tokenize(_ message: String, intern: Bool) {
        scratch.removeAll(keepingCapacity: true)
        var message = message
        message.withUTF8 { p in
            let n = p.count
            var i = 0
            while i < n {
                while i < n, Self.isSpace(p[i]) { i += 1 }
                if i >= n { break }
                let start = i
                while i < n, !Self.isSpace(p[i]) { i += 1 }
                let text = TokenMasker.maskedString(UnsafeBufferPointer(rebasing: p[start..<i]))
                if let id = tokenIds[text] {
                    scratch.append(id)
                } else if intern {
                    let id = Int32(tokenText.count)
                    tokenIds[text] = id
                    tokenText.append(text)
                    tokenHasDigit.append(text.utf8.contains { $0 >= 48 && $0 <= 57 })
                    scratch.append(id)
                } else {
                    scratch.append(-1)
                }
            }
        }
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12
    }

    // MARK: - Tree

    private var tokenLevels: Int { configuration.depth - 3 }

    private func searchLeaf(_ tokens: [Int32]) -> Int32? {
        guard var node = edges[Edge(parent: 0, token: Int32(tokens.count))] else { return nil }
        let levels = min(tokenLevels, tokens.count)
        for level in 0..<levels {
            let t = tokens[level]
            if let child = edges[Edge(parent: node, token: t)] {
                node = child
            } else if let child = edges[Edge(parent: node, token: 0)] {
                node = child
            } else {
                return nil
            }
        }
        return node
    }

    private mutating func newNode(parent: Int32, token: Int32) -> Int32 {
        let id = Int32(childCount.count)
        childCount.append(0)
        hasWildcardChild.append(false)
        leafClusters.append([])
        edges[Edge(parent: parent, token: token)] = id
        childCount[Int(parent)] += 1
        if token == 0 { hasWildcardChild[Int(parent)] = true }
        return id
    }

    private mutating func insertLeaf(_ tokens: [Int32]) -> Int32 {
        let lengthKey = Edge(parent: 0, token: Int32(tokens.count))
        var node = edges[lengthKey] ?? newNode(parent: 0, token: Int32(tokens.count))
        let levels = min(tokenLevels, tokens.count)
        let maxChildren = Int32(configuration.maxChildren)
        for level in 0..<levels {
            let t = tokens[level]
            if let child = edges[Edge(parent: node, token: t)] {
                node = child
                continue
            }
            let n = Int(node)
            if tokenHasDigit[Int(t)] {
                node = edges[Edge(parent: node, token: 0)] ?? newNode(parent: node, token: 0)
            } else if hasWildcardChild[n] {
                if childCount[n] < maxChildren {
                    node = newNode(parent: node, token: t)
                } else {
                    node = edges[Edge(parent: node, token: 0)] ?? newNode(parent: node, token: 0)
                }
            } else if childCount[n] + 1 < maxChildren {
                node = newNode(parent: node, token: t)
            } else {
                node = newNode(parent: node, token: 0)
            }
        }
        return node
    }

    // MARK: - Matching

    /// The most similar cluster in `leaf` at or above the threshold, with its similarity.
    private func bestMatch(in leaf: Int32, _ tokens: [Int32]) -> (cluster: Int32, similarity: Double)? {
        let candidates = leafClusters[Int(leaf)]
        if candidates.isEmpty || tokens.isEmpty {
            // Empty messages all share one cluster per leaf.
            return candidates.first.map { (cluster: $0, similarity: 1.0) }
        }
        var best: Int32 = -1
        var bestSimilarity = -1.0
        var bestWildcards = -1
        let length = Double(tokens.count)
        tokens.withUnsafeBufferPointer { msg in
            for c in candidates {
                templates[Int(c)].withUnsafeBufferPointer { tpl in
                    var same = 0, wildcards = 0
                    for i in 0..<msg.count {
                        let t = tpl[i]
                        if t == 0 {
                            wildcards += 1
                            if msg[i] == 0 { same += 1 }
                        } else if t == msg[i] {
                            same += 1
                        }
                    }
                    let similarity = Double(same) / length
                    if similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards) {
                        best = c
                        bestSimilarity = similarity
                        bestWildcards = wildcards
                    }
                }
            }
        }
        return bestSimilarity >= configuration.similarityThreshold ? (cluster: best, similarity: bestSimilarity) : nil
    }

    private mutating func mergeIntoTemplate(_ cluster: Int, _ tokens: [Int32]) {
        templates[cluster].withUnsafeMutableBufferPointer { tpl in
            tokens.withUnsafeBufferPointer { msg in
                for i in 0..<tpl.count where tpl[i] != msg[i] { tpl[i] = 0 }
            }
        }
    }
}
