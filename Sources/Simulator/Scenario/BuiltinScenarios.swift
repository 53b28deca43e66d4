/// Scenarios compiled into the binary, so `faultline simulate` runs with no files.
///
/// Each text is identical to `Scenarios/<name>.yaml` (a test enforces it).
public enum BuiltinScenarios {
    /// Names of the built-in scenarios, `default` first.
    public static let names: [String] = [
        "default", "batch-pipeline", "benign-only", "cascade", "large-graph", "multi-region", "noisy-neighbours", "slow-burn", "tiny",
    ]

    /// The YAML text of built-in scenario `name`, or nil.
    public static func text(named name: String) -> String? {
        switch name {
        case "default": return defaultScenario
        case "batch-pipeline": return batch_pipeline
        case "benign-only": return benign_only
        case "cascade": return cascade
        case "large-graph": return large_graph
        case "multi-region": return multi_region
        case "noisy-neighbours": return noisy_neighbours
        case "slow-burn": return slow_burn
        case "tiny": return tiny
        default: return nil
        }
    }

    /// The default scenario (`Scenarios/default.yaml`).
    public static var `default`: String { defaultScenario }

    static let defaultScenario = #"""
        # default — a 12-service web shop over three simulated days at 15 s steps.
        #
        # Exercises: a listed topology (services, two databases, a cache, replicas on shared hosts),
        # daily and weekly seasonality with heavy-tailed noise and a flash crowd, one example each of a fast
        # fault (cpu-hog), a slow burn with a precursor (memory-leak, disk-fill), a cascade through retries
        # (dependency-outage), a config regression, a network fault and a pod kill; and benign changes that
        # must not be paged on (healthy deploys, a scale-out, a traffic campaign, a nightly batch job).
        # The first day is fault-free (it holds only the nightly batch job and a healthy deploy), so detectors
        # train on a whole daily cycle; the seven faults and the other benign changes fall on days two and three,
        # about 9 % of all rows (13 % of the scored days) inside a labelled fault window, as in real incident sets.
        # Severities are drawn from each kind's distribution (`Scenarios/README.md`, "Severity"), so another
        # seed gives other, often milder faults; only the memory leak is pinned severe (it ends in an OOM kill).
        name: default
        description: 12-service web shop, 3 days at 15 s, 7 faults and 8 benign changes
        start: 2026-01-05T00:00:00Z
        duration: 3d
        step: 15s
        seed: 42
        workload:
          entry_rate: 150
          daily_amplitude: 0.45
          weekly_amplitude: 0.1
          trend_per_day: 0.02
          noise: 0.04
          bursts:
            - {start: 41h20m, duration: 6m, factor: 1.6}
        services:
          - {name: frontend, replicas: 2, workers: 2, service_time: 8ms, entry_share: 1, hosts: [node-1, node-2]}
          - {name: auth, replicas: 2, workers: 1, service_time: 4ms, hosts: [node-1, node-3]}
          - {name: catalog, replicas: 3, workers: 2, service_time: 6ms, hosts: [node-2, node-3]}
          - {name: cart, replicas: 3, workers: 1, service_time: 8ms, hosts: [node-3, node-4]}
          - {name: recommendation, replicas: 2, workers: 3, service_time: 25ms, hosts: [node-2]}
          - {name: search, replicas: 2, workers: 2, service_time: 30ms, hosts: [node-4]}
          - {name: checkout, replicas: 2, workers: 1, service_time: 40ms, hosts: [node-1, node-4]}
          - {name: payment, replicas: 3, workers: 1, service_time: 60ms, hosts: [node-3]}
          - {name: shipping, replicas: 2, workers: 1, service_time: 30ms, hosts: [node-4]}
          - {name: orders-db, kind: database, replicas: 1, workers: 2, service_time: 10ms, hosts: [node-5]}
          - {name: cart-cache, kind: cache, replicas: 1, workers: 1, service_time: 1ms, hosts: [node-5]}
          - {name: catalog-db, kind: database, replicas: 2, workers: 2, service_time: 3ms, hosts: [node-5, node-6]}
        edges:
          - {from: frontend, to: auth, fan_out: 1, timeout: 500ms}
          - {from: frontend, to: catalog, fan_out: 1.2, timeout: 1s, retries: 1}
          - {from: frontend, to: cart, fan_out: 0.6, timeout: 1s, retries: 1}
          - {from: frontend, to: recommendation, fan_out: 0.5, timeout: 1s}
          - {from: frontend, to: search, fan_out: 0.3, timeout: 2s}
          - {from: frontend, to: checkout, fan_out: 0.1, timeout: 5s}
          - {from: checkout, to: cart, fan_out: 1, timeout: 1s}
          - {from: checkout, to: payment, fan_out: 1, timeout: 3s, retries: 2}
          - {from: checkout, to: shipping, fan_out: 1, timeout: 2s, retries: 1}
          - {from: checkout, to: orders-db, fan_out: 2, timeout: 1s}
          - {from: cart, to: cart-cache, fan_out: 2, timeout: 200ms, retries: 1}
          - {from: catalog, to: catalog-db, fan_out: 1.5, timeout: 500ms, retries: 1}
          - {from: recommendation, to: catalog, fan_out: 1, timeout: 1s}
          - {from: search, to: catalog-db, fan_out: 1, timeout: 1s}
          - {from: payment, to: orders-db, fan_out: 1, timeout: 1s}
          - {from: shipping, to: orders-db, fan_out: 1, timeout: 1s}
          - {from: auth, to: cart-cache, fan_out: 0.5, timeout: 200ms}
        slos:
          - {entry: frontend, latency_p99: 600ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: cpu-hog, target: catalog, start: 27h, duration: 30m}
          - {id: f2, kind: memory-leak, target: cart, start: 31h, duration: 90m, intensity: severe}
          - {id: f3, kind: dependency-outage, target: payment, start: 38h30m, duration: 15m}
          - {id: f4, kind: config-regression, target: search, start: 44h, duration: 30m}
          - {id: f5, kind: disk-fill, target: orders-db, start: 53h, duration: 75m}
          - {id: f6, kind: network-delay, target: recommendation, start: 60h30m, duration: 30m}
          - {id: f7, kind: pod-kill, target: frontend, start: 67h, duration: 3m}
        benign:
          - {id: b1, kind: batch-job, target: catalog-db, start: 2h, duration: 45m, factor: 0.25, daily: true}
          - {id: b2, kind: deploy, target: checkout, start: 13h, duration: 5m}
          - {id: b3, kind: traffic-campaign, target: "*", start: 34h30m, duration: 90m, factor: 1.4}
          - {id: b4, kind: scale-out, target: frontend, start: 28h, duration: 4h, factor: 1}
          - {id: b5, kind: deploy, target: cart, start: 40h, duration: 5m}
          - {id: b6, kind: deploy, target: search, start: 57h, duration: 5m}
        observation:
          noise: 0.02
          scrape_gap_rate: 0.0005
          outlier_rate: 0.0002
        logs:
          lines_per_request: 0.00005
        traces:
          sample_rate: 0.00002             # head sampling: fraction of entry requests traced
          # Tail sampling (docs/RCA.md, "trace"): failed and slow traces are kept with these probabilities even
          # when head sampling dropped them, and every service is reached by at least this many traces a minute.
          keep_errors: 0.02
          slow_threshold: 250ms
          keep_slow: 0.02
          min_traces_per_minute: 1

        """#

    static let batch_pipeline = #"""
        # batch-pipeline — a data pipeline: ingest, parse, enrich, queue, write to a warehouse.
        #
        # Exercises a non-web workload: a queue between stages, a warehouse database loaded by a nightly
        # batch job every day (benign, large and periodic), a bad deploy whose errors creep up, a crash
        # loop with restarts every back-off period (counter resets labelled as restarts), and a warehouse
        # disk that fills up until writes fail.
        name: batch-pipeline
        description: ingest → parse → enrich → queue → writer → warehouse, 2 days at 30 s, nightly batch
        duration: 2d
        step: 30s
        seed: 23
        workload:
          entry_rate: 80
          daily_amplitude: 0.3
          weekly_amplitude: 0.05
          noise: 0.05
        services:
          - {name: ingest, replicas: 2, workers: 2, service_time: 6ms, entry_share: 1, hosts: [node-1]}
          - {name: parser, replicas: 2, workers: 2, service_time: 12ms, hosts: [node-1, node-2]}
          - {name: enricher, replicas: 3, workers: 1, service_time: 15ms, hosts: [node-2]}
          - {name: events-queue, kind: queue, replicas: 1, workers: 4, service_time: 2ms, hosts: [node-3]}
          - {name: writer, replicas: 2, workers: 2, service_time: 10ms, hosts: [node-3]}
          - {name: geo-cache, kind: cache, replicas: 1, workers: 1, service_time: 1ms, hosts: [node-2]}
          - {name: warehouse, kind: database, replicas: 1, workers: 4, service_time: 8ms, hosts: [node-4]}
        edges:
          - {from: ingest, to: parser, fan_out: 1, timeout: 2s, retries: 1}
          - {from: parser, to: enricher, fan_out: 1, timeout: 2s, retries: 1}
          - {from: enricher, to: geo-cache, fan_out: 1, timeout: 100ms}
          - {from: enricher, to: events-queue, fan_out: 1, timeout: 1s, retries: 2}
          - {from: events-queue, to: writer, fan_out: 1, timeout: 2s, retries: 2}
          - {from: writer, to: warehouse, fan_out: 1, timeout: 2s, retries: 1}
        slos:
          - {entry: ingest, latency_p99: 1s, error_ratio: 0.01}
        faults:
          - {id: f1, kind: bad-deploy, target: parser, start: 1d3h, duration: 40m}
          - {id: f2, kind: crash-loop, target: enricher, start: 1d8h, duration: 20m}
          - {id: f3, kind: disk-fill, target: warehouse, start: 1d14h, duration: 2h}
        benign:
          - {id: b1, kind: batch-job, target: warehouse, start: 1h, duration: 1h, factor: 0.35, daily: true}
          - {id: b2, kind: deploy, target: writer, start: 9h, duration: 5m}

        """#

    static let benign_only = #"""
        # benign-only — two days of changes that are not incidents: hard negatives.
        #
        # Exercises false-alarm rates: healthy deploys (counters reset, brief capacity dips), scale-outs
        # and scale-ins, a traffic campaign, a flash crowd, a nightly batch job and a regional failover
        # drill. There are no faults; any alarm here is a false alarm, and no SLO is ever breached.
        name: benign-only
        description: deploys, scale-outs, campaigns, batch jobs and a failover drill with no faults, 2 days at 30 s
        duration: 2d
        step: 30s
        seed: 17
        workload:
          entry_rate: 150
          daily_amplitude: 0.45
          weekly_amplitude: 0.1
          noise: 0.04
          bursts:
            - {start: 20h, duration: 5m, factor: 1.5}
        services:
          - {name: web-a, replicas: 2, workers: 2, service_time: 8ms, entry_share: 0.6, hosts: [node-1], region: a}
          - {name: web-b, replicas: 2, workers: 2, service_time: 8ms, entry_share: 0.4, hosts: [node-2], region: b}
          - {name: api, replicas: 3, workers: 2, service_time: 10ms, hosts: [node-1, node-2]}
          - {name: search, replicas: 2, workers: 2, service_time: 20ms, hosts: [node-3]}
          - {name: db, kind: database, replicas: 2, workers: 4, service_time: 5ms, hosts: [node-4]}
          - {name: cache, kind: cache, replicas: 1, workers: 2, service_time: 1ms, hosts: [node-4]}
        edges:
          - {from: web-a, to: api, fan_out: 1, timeout: 1s, retries: 1}
          - {from: web-b, to: api, fan_out: 1, timeout: 1s, retries: 1}
          - {from: web-a, to: search, fan_out: 0.3, timeout: 2s}
          - {from: web-b, to: search, fan_out: 0.3, timeout: 2s}
          - {from: api, to: db, fan_out: 1.5, timeout: 500ms, retries: 1}
          - {from: api, to: cache, fan_out: 2, timeout: 100ms}
          - {from: search, to: db, fan_out: 1, timeout: 1s}
        slos:
          - {entry: web-a, latency_p99: 500ms, error_ratio: 0.02}
          - {entry: web-b, latency_p99: 500ms, error_ratio: 0.02}
        benign:
          - {id: b1, kind: batch-job, target: db, start: 2h, duration: 45m, factor: 0.25, daily: true}
          - {id: b2, kind: deploy, target: api, start: 10h, duration: 5m}
          - {id: b3, kind: scale-out, target: search, start: 12h, duration: 6h, factor: 2}
          - {id: b4, kind: traffic-campaign, target: "*", start: 1d1h, duration: 3h, factor: 1.4}
          - {id: b5, kind: deploy, target: web-a, start: 1d6h, duration: 5m}
          - {id: b6, kind: failover, target: web-b, start: 1d9h, duration: 1h, factor: 0.9}
          - {id: b7, kind: deploy, target: search, start: 1d15h, duration: 5m}

        """#

    static let cascade = #"""
        # cascade — failures that travel up a deep call chain and are amplified by retries.
        #
        # Exercises root-cause ranking against symptoms that appear everywhere: a database outage behind
        # three layers that each retry (the database's load multiplies while it is down), a connection
        # pool exhausted in the middle of the chain, a network partition that makes calls time out, and
        # packet loss on a dependency. Propagation reaches each caller hop about 30 s later.
        name: cascade
        description: deep chain with retries at every hop, 1 day at 15 s, outage, pool exhaustion, partition, loss
        duration: 1d
        step: 15s
        seed: 5
        workload:
          entry_rate: 100
          daily_amplitude: 0.4
          weekly_amplitude: 0.05
          noise: 0.04
        services:
          - {name: edge, replicas: 2, workers: 2, service_time: 5ms, entry_share: 1, hosts: [node-1]}
          - {name: api, replicas: 2, workers: 2, service_time: 10ms, hosts: [node-1, node-2]}
          - {name: orders, replicas: 2, workers: 2, service_time: 12ms, hosts: [node-2]}
          - {name: inventory, replicas: 2, workers: 2, service_time: 8ms, hosts: [node-3]}
          - {name: pricing, replicas: 2, workers: 1, service_time: 6ms, hosts: [node-3]}
          - {name: inventory-db, kind: database, replicas: 1, workers: 4, service_time: 5ms, hosts: [node-4]}
          - {name: pricing-cache, kind: cache, replicas: 1, workers: 1, service_time: 1ms, hosts: [node-4]}
        edges:
          - {from: edge, to: api, fan_out: 1, timeout: 3s, retries: 2}
          - {from: api, to: orders, fan_out: 1, timeout: 2s, retries: 2}
          - {from: api, to: pricing, fan_out: 1, timeout: 500ms, retries: 1}
          - {from: orders, to: inventory, fan_out: 1.5, timeout: 1s, retries: 2}
          - {from: inventory, to: inventory-db, fan_out: 2, timeout: 500ms, retries: 3}
          - {from: pricing, to: pricing-cache, fan_out: 1, timeout: 100ms, retries: 1}
        slos:
          - {entry: edge, latency_p99: 800ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: dependency-outage, target: inventory-db, start: 12h30m, duration: 15m}
          - {id: f2, kind: connection-pool-exhaustion, target: orders, start: 15h, duration: 20m}
          - {id: f3, kind: network-partition, target: pricing, start: 18h, duration: 15m}
          - {id: f4, kind: network-loss, target: inventory-db, start: 21h, duration: 20m}
        benign:
          - {id: b1, kind: deploy, target: inventory, start: 8h, duration: 5m}
        traces:
          sample_rate: 0.00002             # head sampling: fraction of entry requests traced
          # Tail sampling (docs/RCA.md, "trace"): failed and slow traces are kept with these probabilities even
          # when head sampling dropped them, and every service is reached by at least this many traces a minute.
          keep_errors: 0.02
          slow_threshold: 250ms
          keep_slow: 0.02
          min_traces_per_minute: 1

        """#

    static let large_graph = #"""
        # large-graph — a generated, train-ticket-sized service graph (48 entities) over one day.
        #
        # Exercises: graph generation (size, depth, fan-out; replicas sized to ~45 % peak utilisation),
        # root-cause ranking in a wide graph where one fault lights up many callers, faults deep in the
        # graph (a database outage reached through retries, a delay in a mid-layer service, a CPU hog whose
        # host is shared), and the --services override (faultline scenarios validate large-graph --services 80).
        name: large-graph
        description: generated 48-service graph, 1 day at 30 s, 4 faults deep in the call graph
        duration: 1d
        step: 30s
        seed: 7
        workload:
          entry_rate: 200
          daily_amplitude: 0.4
          weekly_amplitude: 0.05
          noise: 0.04
        generate:
          services: 48
          depth: 6
          fan_out: 2
          hosts: 12
          databases: 6
        slos:
          - {entry: gateway, latency_p99: 1500ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: cpu-hog, target: svc-07, start: 13h, duration: 20m}
          - {id: f2, kind: dependency-outage, target: db-2, start: 16h, duration: 15m}
          - {id: f3, kind: network-delay, target: svc-12, start: 19h, duration: 20m}
          - {id: f4, kind: crash-loop, target: svc-03, start: 22h, duration: 20m}
        benign:
          - {id: b1, kind: deploy, target: svc-20, start: 11h, duration: 5m}
          - {id: b2, kind: scale-out, target: gateway, start: 18h, duration: 2h, factor: 2}
        traces:
          sample_rate: 0.00001             # head sampling: fraction of entry requests traced
          # Tail sampling (docs/RCA.md, "trace"): failed and slow traces are kept with these probabilities even
          # when head sampling dropped them, and every service is reached by at least this many traces a minute.
          keep_errors: 0.02
          slow_threshold: 250ms
          keep_slow: 0.02
          min_traces_per_minute: 0.5
        logs:
          lines_per_request: 0.00002

        """#

    static let multi_region = #"""
        # multi-region — two regions behind their own gateways, with a failover.
        #
        # Exercises region-aware topology and a failure handled by failover: the us region's database is
        # partitioned away, us users see errors until traffic is drained to eu (a benign failover listed
        # in the ground truth), and eu then carries the extra load. Later a pod kill in eu and a
        # config regression in the shared auth service hit both regions.
        name: multi-region
        description: eu and us regions with shared auth, partition then failover, 1 day at 15 s
        duration: 1d
        step: 15s
        seed: 29
        workload:
          entry_rate: 160
          daily_amplitude: 0.4
          weekly_amplitude: 0.05
          noise: 0.04
        services:
          - {name: gateway-eu, replicas: 2, workers: 2, service_time: 5ms, entry_share: 0.5, hosts: [eu-node-1], region: eu}
          - {name: api-eu, replicas: 3, workers: 2, service_time: 10ms, hosts: [eu-node-1, eu-node-2], region: eu}
          - {name: db-eu, kind: database, replicas: 2, workers: 4, service_time: 5ms, hosts: [eu-node-3], region: eu}
          - {name: gateway-us, replicas: 2, workers: 2, service_time: 5ms, entry_share: 0.5, hosts: [us-node-1], region: us}
          - {name: api-us, replicas: 3, workers: 2, service_time: 10ms, hosts: [us-node-1, us-node-2], region: us}
          - {name: db-us, kind: database, replicas: 2, workers: 4, service_time: 5ms, hosts: [us-node-3], region: us}
          - {name: auth, replicas: 3, workers: 2, service_time: 4ms, hosts: [eu-node-2, us-node-2]}
        edges:
          - {from: gateway-eu, to: api-eu, fan_out: 1, timeout: 2s, retries: 1}
          - {from: gateway-us, to: api-us, fan_out: 1, timeout: 2s, retries: 1}
          - {from: gateway-eu, to: auth, fan_out: 1, timeout: 500ms}
          - {from: gateway-us, to: auth, fan_out: 1, timeout: 500ms}
          - {from: api-eu, to: db-eu, fan_out: 1.5, timeout: 500ms, retries: 1}
          - {from: api-us, to: db-us, fan_out: 1.5, timeout: 500ms, retries: 1}
        slos:
          - {entry: gateway-eu, latency_p99: 500ms, error_ratio: 0.02}
          - {entry: gateway-us, latency_p99: 500ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: network-partition, target: db-us, start: 13h, duration: 25m}
          - {id: f2, kind: pod-kill, target: api-eu, start: 16h, duration: 3m}
          - {id: f3, kind: config-regression, target: auth, start: 20h, duration: 30m}
        benign:
          - {id: b1, kind: failover, target: gateway-us, start: 13h8m, duration: 1h, factor: 0.95}
          - {id: b2, kind: deploy, target: api-us, start: 12h, duration: 5m}

        """#

    static let noisy_neighbours = #"""
        # noisy-neighbours — services that share hosts slow each other down.
        #
        # Exercises root-cause ranking when the symptom is not where the cause is: a CPU hog in an
        # off-path batch worker (it serves no requests) saturates the host it shares with the checkout
        # path, so checkout slows while the hog's own latency series stay flat; a memory stress on a
        # co-located service; and a disk I/O latency fault on a database sharing a host with a cache.
        name: noisy-neighbours
        description: shared hosts, off-path CPU hog and memory stress slowing co-located services, 1 day at 15 s
        duration: 1d
        step: 15s
        seed: 13
        workload:
          entry_rate: 120
          daily_amplitude: 0.4
          weekly_amplitude: 0.05
          noise: 0.04
        services:
          - {name: frontend, replicas: 2, workers: 2, service_time: 8ms, entry_share: 1, hosts: [node-1, node-2]}
          - {name: checkout, replicas: 2, workers: 2, service_time: 15ms, hosts: [node-shared]}
          - {name: catalog, replicas: 2, workers: 2, service_time: 6ms, hosts: [node-2]}
          - {name: batch-worker, replicas: 2, workers: 1, service_time: 50ms, hosts: [node-shared]}
          - {name: recommendations, replicas: 2, workers: 2, service_time: 12ms, hosts: [node-shared]}
          - {name: main-db, kind: database, replicas: 1, workers: 4, service_time: 5ms, hosts: [node-db]}
          - {name: cache, kind: cache, replicas: 1, workers: 1, service_time: 1ms, hosts: [node-db]}
        edges:
          - {from: frontend, to: checkout, fan_out: 0.4, timeout: 2s, retries: 1}
          - {from: frontend, to: catalog, fan_out: 1, timeout: 1s}
          - {from: frontend, to: recommendations, fan_out: 0.5, timeout: 1s}
          - {from: checkout, to: main-db, fan_out: 2, timeout: 1s}
          - {from: catalog, to: cache, fan_out: 1, timeout: 100ms}
          - {from: catalog, to: main-db, fan_out: 0.5, timeout: 1s}
          - {from: recommendations, to: cache, fan_out: 1, timeout: 100ms}
        slos:
          - {entry: frontend, latency_p99: 500ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: cpu-hog, target: batch-worker, start: 13h, duration: 30m}
          - {id: f2, kind: memory-stress, target: recommendations, start: 16h, duration: 25m}
          - {id: f3, kind: disk-io-latency, target: main-db, start: 20h, duration: 25m}
        benign:
          - {id: b1, kind: batch-job, target: main-db, start: 2h, duration: 1h, factor: 0.25}

        """#

    static let slow_burn = #"""
        # slow-burn — resource exhaustion that builds for hours before users notice.
        #
        # Exercises failure prediction (Scenarios/suites/slow-burn.yaml): a memory leak that ends in an OOM
        # kill, a disk filling up until writes fail, connections leaking from a pool until it is exhausted,
        # an error creep after a bad deploy, and a milder leak that is fixed by a restart before it ever hurts
        # users (a precursor with no user impact). Each slow fault has a long precursor (memory, disk or pool
        # use creeping up, GC-overhead, disk-usage and pool warnings in the logs) before the first SLO breach.
        # Benign look-alikes are hard negatives: a cache warming up after a restart (memory climbs, then
        # levels off), a planned batch job that fills scratch disk and cleans it up, and a deploy whose new
        # version needs more memory (one step up, no trend). The first day is fault-free for training.
        # Faults last 1.5–2 h, so about 12 % of the rows are labelled (16 % of the scored days), as in real
        # incident sets.
        name: slow-burn
        description: leaks, a disk fill, a pool leak and an error creep over 4 days at 30 s, long precursors, benign look-alikes
        duration: 4d
        step: 30s
        seed: 11
        workload:
          entry_rate: 120
          daily_amplitude: 0.4
          weekly_amplitude: 0.1
          noise: 0.04
        services:
          - {name: web, replicas: 2, workers: 2, service_time: 8ms, entry_share: 1, hosts: [node-1, node-2]}
          - {name: sessions, replicas: 2, workers: 1, service_time: 5ms, hosts: [node-1], memory_limit_mib: 768}
          - {name: orders, replicas: 2, workers: 2, service_time: 20ms, hosts: [node-2, node-3], pool_size: 4}
          - {name: reports, replicas: 1, workers: 1, service_time: 30ms, hosts: [node-3]}
          - {name: orders-db, kind: database, replicas: 1, workers: 4, service_time: 6ms, hosts: [node-4]}
          - {name: session-cache, kind: cache, replicas: 1, workers: 1, service_time: 1ms, hosts: [node-4]}
        edges:
          - {from: web, to: sessions, fan_out: 1, timeout: 500ms, retries: 1}
          - {from: web, to: orders, fan_out: 0.5, timeout: 2s, retries: 1}
          - {from: web, to: reports, fan_out: 0.05, timeout: 5s}
          - {from: sessions, to: session-cache, fan_out: 1, timeout: 200ms}
          - {from: orders, to: orders-db, fan_out: 4, timeout: 1s, retries: 1}
          - {from: reports, to: orders-db, fan_out: 3, timeout: 2s}
        slos:
          - {entry: web, latency_p99: 500ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: memory-leak, target: sessions, start: 1d2h, duration: 2h, intensity: 1}
          - {id: f2, kind: disk-fill, target: orders-db, start: 1d16h, duration: 2h, intensity: 1}
          - {id: f3, kind: memory-leak, target: orders, start: 2d10h, duration: 90m, intensity: 0.5}
          - {id: f4, kind: connection-leak, target: orders, start: 2d20h, duration: 2h, intensity: 1}
          - {id: f5, kind: bad-deploy, target: web, start: 3d8h, duration: 2h, intensity: 0.1}
          - {id: f6, kind: memory-leak, target: orders, start: 3d17h, duration: 2h, intensity: 0.9}
        benign:
          - {id: b1, kind: batch-job, target: orders-db, start: 3h, duration: 40m, factor: 0.2, daily: true}
          - {id: b2, kind: deploy, target: orders, start: 20h, duration: 5m}
          - {id: b3, kind: cache-warmup, target: sessions, start: 1d9h, duration: 90m, factor: 0.35}
          - {id: b4, kind: disk-batch, target: orders-db, start: 2d2h, duration: 2h, factor: 0.4}
          - {id: b5, kind: memory-step-deploy, target: reports, start: 3d1h, duration: 10m, factor: 0.15}
        traces:
          sample_rate: 0.0001

        """#

    static let tiny = #"""
        # tiny — a four-service shop over 12 simulated hours at 60 s steps: the smallest scenario that still
        # has a trainable fault-free span, a fast fault, a cascade and a benign deploy.
        #
        # Exercises: the end-to-end tests and quick tries (`faultline simulate tiny`), where the default
        # scenario would be slower than needed. The first 7 hours are fault-free.
        name: tiny
        description: 4-service shop, 12 h at 60 s, 2 faults and 1 benign deploy (smoke tests)
        start: 2026-01-05T00:00:00Z
        duration: 12h
        step: 60s
        seed: 7
        workload:
          entry_rate: 80
          daily_amplitude: 0.4
          weekly_amplitude: 0
          noise: 0.04
        services:
          - {name: web, replicas: 2, workers: 2, service_time: 8ms, entry_share: 1, hosts: [node-1, node-2]}
          - {name: api, replicas: 2, workers: 2, service_time: 12ms, hosts: [node-1, node-2]}
          - {name: payments, replicas: 2, workers: 1, service_time: 40ms, hosts: [node-2]}
          - {name: db, kind: database, replicas: 1, workers: 2, service_time: 5ms, hosts: [node-3]}
        edges:
          - {from: web, to: api, fan_out: 1, timeout: 1s, retries: 1}
          - {from: api, to: payments, fan_out: 0.3, timeout: 2s, retries: 2}
          - {from: api, to: db, fan_out: 2, timeout: 500ms}
          - {from: payments, to: db, fan_out: 1, timeout: 500ms}
        slos:
          - {entry: web, latency_p99: 500ms, error_ratio: 0.02}
        faults:
          - {id: f1, kind: cpu-hog, target: api, start: 7h, duration: 20m, intensity: 0.9}
          - {id: f2, kind: dependency-outage, target: payments, start: 10h, duration: 15m, intensity: 1}
        benign:
          - {id: b1, kind: deploy, target: web, start: 8h30m, duration: 5m}

        """#

}
