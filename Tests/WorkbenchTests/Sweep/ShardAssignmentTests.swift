import Foundation
import Testing

@testable import Workbench

/// The shard index comes from a flag or from exactly one engine's environment; anything ambiguous is refused.
@Suite struct ShardAssignmentTests {
    func resolve(_ index: Int? = nil, _ count: Int? = nil, _ env: [String: String]) throws -> ShardAssignment {
        try ShardAssignment.resolve(index: index, count: count, environment: env)
    }

    @Test func eachEngineNamesItsShard() throws {
        #expect(try resolve(nil, 4, ["JOB_COMPLETION_INDEX": "3"]) == ShardAssignment(index: 3, count: 4))
        #expect(try resolve(nil, nil, ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "5"]) == ShardAssignment(index: 2, count: 5))
        // An array 1-5 counts from its minimum.
        #expect(
            try resolve(nil, nil, ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "5"])
                == ShardAssignment(index: 4, count: 5))
        // GitLab counts from 1.
        #expect(try resolve(nil, nil, ["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "3"]) == ShardAssignment(index: 0, count: 3))
        #expect(try resolve(nil, 10, ["AWS_BATCH_JOB_ARRAY_INDEX": "9"]) == ShardAssignment(index: 9, count: 10))
        #expect(try resolve(1, 2, [:]) == ShardAssignment(index: 1, count: 2))
        // A flag agreeing with the engine is fine.
        #expect(try resolve(2, nil, ["CI_NODE_INDEX": "3", "CI_NODE_TOTAL": "3"]) == ShardAssignment(index: 2, count: 3))
    }

    @Test func conflictsMissingValuesAndOutOfRangeIndicesAreErrors() {
        let bad: [(Int?, Int?, [String: String])] = [
            (nil, 2, [:]),  // no index at all
            (0, nil, [:]),  // no count
            (nil, nil, ["JOB_COMPLETION_INDEX": "1"]),  // Kubernetes gives no count
            (1, 4, ["JOB_COMPLETION_INDEX": "2"]),  // flag against engine
            (nil, 4, ["JOB_COMPLETION_INDEX": "1", "AWS_BATCH_JOB_ARRAY_INDEX": "2"]),  // two engines disagree
            (nil, 3, ["CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "2"]),  // counts disagree
            (nil, nil, ["CI_NODE_INDEX": "0", "CI_NODE_TOTAL": "2"]),  // GitLab's 0 is −1
            (nil, nil, ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "5"]),  // out of range
            (nil, nil, ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_STEP": "2"]),
            (nil, 2, ["JOB_COMPLETION_INDEX": "one"]),
            (0, 0, [:]),
        ]
        for (i, c, env) in bad {
            #expect(throws: UsageError.self, "\(String(describing: i)) \(String(describing: c)) \(env)") {
                try ShardAssignment.resolve(index: i, count: c, environment: env)
            }
        }
    }
}
