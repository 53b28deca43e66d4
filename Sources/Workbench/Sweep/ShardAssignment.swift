import Telemetry

/// Which shard this process is: from `--shard-index`/`--shard-count`, or from the batch engine's environment.
///
/// Engines: `JOB_COMPLETION_INDEX` (Kubernetes Indexed Job), `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` with
/// `SLURM_ARRAY_TASK_COUNT` (Slurm arrays; a step other than 1 is refused), `CI_NODE_INDEX` − 1 with
/// `CI_NODE_TOTAL` (GitLab `parallel:`, counting from 1), `AWS_BATCH_JOB_ARRAY_INDEX` (AWS Batch). A flag and an
/// engine, or two engines, that disagree are an error, as is an index outside `0..<count`; nothing defaults
/// silently.
public struct ShardAssignment: Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// A shard given directly (`sweep local` is shard 0 of 1).
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Resolves the shard.
    ///
    /// - Throws: `UsageError` (exit 2) for a conflict, a missing count, a malformed or out-of-range value.
    public static func resolve(index flagIndex: Int?, count flagCount: Int?, environment env: [String: String]) throws -> ShardAssignment {
        func int(_ key: String) throws -> Int? {
            guard let text = env[key], !text.isEmpty else { return nil }
            guard let v = Int(text) else { throw UsageError("\(key)=\(text) is not an integer") }
            return v
        }
        var indices: [(String, Int)] = []
        var counts: [(String, Int)] = []
        if let i = flagIndex { indices.append(("--shard-index", i)) }
        if let c = flagCount { counts.append(("--shard-count", c)) }
        if let i = try int("JOB_COMPLETION_INDEX") { indices.append(("JOB_COMPLETION_INDEX", i)) }
        if let i = try int("SLURM_ARRAY_TASK_ID") {
            if let step = try int("SLURM_ARRAY_TASK_STEP"), step != 1 {
                throw UsageError("SLURM_ARRAY_TASK_STEP=\(step): shards need a contiguous array (--array=0-N)")
            }
            indices.append(("SLURM_ARRAY_TASK_ID", i - (try int("SLURM_ARRAY_TASK_MIN") ?? 0)))
            if let c = try int("SLURM_ARRAY_TASK_COUNT") { counts.append(("SLURM_ARRAY_TASK_COUNT", c)) }
        }
        if let i = try int("CI_NODE_INDEX") {
            indices.append(("CI_NODE_INDEX − 1", i - 1))
            if let c = try int("CI_NODE_TOTAL") { counts.append(("CI_NODE_TOTAL", c)) }
        }
        if let i = try int("AWS_BATCH_JOB_ARRAY_INDEX") { indices.append(("AWS_BATCH_JOB_ARRAY_INDEX", i)) }
        guard let (indexSource, index) = indices.first else {
            throw UsageError(
                "no shard index: give --shard-index, or run under an engine that sets one",
                hint: "JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, CI_NODE_INDEX or AWS_BATCH_JOB_ARRAY_INDEX")
        }
        for (s, i) in indices.dropFirst() where i != index {
            throw UsageError("conflicting shard indices: \(indexSource) says \(index), \(s) says \(i)")
        }
        guard let (countSource, count) = counts.first else {
            throw UsageError("no shard count: give --shard-count (\(indexSource) gives the index only)")
        }
        for (s, c) in counts.dropFirst() where c != count {
            throw UsageError("conflicting shard counts: \(countSource) says \(count), \(s) says \(c)")
        }
        guard (1...100_000).contains(count) else { throw UsageError("shard count \(count) (\(countSource)) must be between 1 and 100000") }
        guard (0..<count).contains(index) else {
            throw UsageError("shard index \(index) (\(indexSource)) is outside 0..<\(count) (\(countSource))")
        }
        return ShardAssignment(index: index, count: count)
    }
}
