import ArgumentParser
import Foundation
import Workbench

/// `faultline sweep plan | run | merge | local`: sweeps that scale out on the batch engine you already run.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Expand a sweep into units, run a shard of them, merge the results (docs/scale-out.md).",
        subcommands: [Plan.self, Run.self, Merge.self, Local.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Expand SWEEP.yaml into units.jsonl (stable ids, cost estimate).")
        @Argument(help: "The sweep file (Scenarios/sweeps/*.yaml).") var sweep: String
        @Option(name: .long, help: "The units file to write.") var out: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try runReportingErrors {
                let plan = try SweepPlan.load(path: sweep)
                try SweepFiles.write(try plan.renderUnits(), to: URL(fileURLWithPath: out))
                let cost = plan.units.reduce(0) { $0 + $1.cost }
                print("plan: \(plan.units.count) units, cost \(cost) (rows × (model runs + 1)), written to \(out)")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the units with index % N == I; one result file per unit under DIR/units/, finished units skipped.",
            discussion: """
                Without --shard-index the index comes from JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID \
                (+ SLURM_ARRAY_TASK_COUNT), CI_NODE_INDEX − 1 / CI_NODE_TOTAL (GitLab) or AWS_BATCH_JOB_ARRAY_INDEX; \
                conflicting or out-of-range values exit 2.
                """)
        @Option(name: .long, help: "units.jsonl from `sweep plan`.") var units: String
        @Option(name: .long, help: "This shard's index (0-based).") var shardIndex: Int?
        @Option(name: .long, help: "Number of shards.") var shardCount: Int?
        @Option(name: .long, help: "Folder receiving units/<id>.json.") var out: String
        @Option(name: .long, help: "Worker threads (1 to 1024).") var jobs: Int = 1
        @OptionGroup var global: GlobalOptions

        func validate() throws { try validateJobs(jobs) }

        func run() throws {
            try runReportingErrors {
                Runtime.configure(blasThreads: global.blasThreads)
                let shard = try ShardAssignment.resolve(index: shardIndex, count: shardCount, environment: ProcessInfo.processInfo.environment)
                let plan = try SweepPlan.readUnits(units)
                let o = try SweepJob.run(plan: plan, shard: shard, out: URL(fileURLWithPath: out), jobs: jobs, quiet: global.quiet)
                print("shard \(o.shard.index)/\(o.shard.count): \(o.ran) units run, \(o.skipped) already done")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every unit has a result, merge them into a run folder (mean ± std and min over seeds).")
        @Argument(help: "Folders holding units/<id>.json (several when shards' outputs were downloaded apart).") var dirs: [String]
        @Option(name: .long, help: "units.jsonl the results must cover.") var expect: String
        @Option(name: .long, help: "The run folder to write.") var out: String
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try runReportingErrors {
                let plan = try SweepPlan.readUnits(expect)
                guard let folder = try outFolder(out) else { return }
                _ = try SweepJob.merge(dirs: dirs.map { URL(fileURLWithPath: $0) }, plan: plan, out: folder)
                print("merged \(plan.units.count) units into \(out)")
            }
        }
    }

    struct Local: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Plan, run every unit on --jobs threads, and merge, on this machine.")
        @Argument(help: "The sweep file.") var sweep: String
        @Option(name: .long, help: "The merged run folder.") var out: String
        @Option(name: .long, help: "Where unit results go (default OUT-units).") var work: String?
        @Option(name: .long, help: "Worker threads (1 to 1024).") var jobs: Int = 2
        @OptionGroup var global: GlobalOptions

        func validate() throws { try validateJobs(jobs) }

        func run() throws {
            try runReportingErrors {
                Runtime.configure(blasThreads: global.blasThreads)
                let plan = try SweepPlan.load(path: sweep)
                guard let folder = try outFolder(out) else { return }
                let work = URL(fileURLWithPath: self.work ?? (out + "-units"))
                let o = try SweepJob.run(plan: plan, shard: ShardAssignment(index: 0, count: 1), out: work, jobs: jobs, quiet: global.quiet)
                _ = try SweepJob.merge(dirs: [work], plan: plan, out: folder)
                print("sweep: \(o.ran) units run, \(o.skipped) already done, merged into \(out)")
            }
        }
    }
}
