/// Scenarios compiled into the binary, so `faultline simulate` runs with no files.
///
/// Each text is identical to `Scenarios/<name>.yaml` (a test enforces it).
public enum BuiltinScenarios {
    /// Names of the built-in scenarios, `default` first.
    public static let names: [String] = ["default"]

    /// The YAML text of built-in scenario `name`, or nil.
    public static func text(named name: String) -> String? {
        switch name {
        case "default": return defaultScenario
        default: return nil
        }
    }

    /// The default scenario (`Scenarios/default.yaml`).
    public static var `default`: String { defaultScenario }

    static let defaultScenario = #"""
# default — a 12-service web shop over two simulated days at 15 s steps.
#
# Exercises: a listed topology (services, two databases, a cache, replicas on shared hosts),
# daily and weekly seasonality with heavy-tailed noise and a flash crowd, one example each of a fast
# fault (cpu-hog), a slow burn with a precursor (memory-leak, disk-fill), a cascade through retries
# (dependency-outage), a config regression, a network fault and a pod kill; and benign changes that
# must not be paged on (healthy deploys, a scale-out, a traffic campaign, a nightly batch job).
# The first 10 hours are fault-free so detectors can be trained on them.
name: default
description: 12-service web shop, 2 days at 15 s, 7 faults and 6 benign changes
start: 2026-01-05T00:00:00Z
duration: 2d
step: 15s
seed: 42
workload:
  entry_rate: 150
  daily_amplitude: 0.45
  weekly_amplitude: 0.1
  trend_per_day: 0.02
  noise: 0.04
  bursts:
    - {start: 33h20m, duration: 6m, factor: 1.6}
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
  - {id: f1, kind: cpu-hog, target: catalog, start: 11h, duration: 40m, intensity: 0.9}
  - {id: f2, kind: memory-leak, target: cart, start: 15h, duration: 6h, intensity: 1}
  - {id: f3, kind: dependency-outage, target: payment, start: 26h, duration: 20m, intensity: 1}
  - {id: f4, kind: config-regression, target: search, start: 30h, duration: 30m, intensity: 0.7}
  - {id: f5, kind: disk-fill, target: orders-db, start: 34h, duration: 5h, intensity: 1}
  - {id: f6, kind: network-delay, target: recommendation, start: 41h, duration: 30m, intensity: 0.8}
  - {id: f7, kind: pod-kill, target: frontend, start: 45h, duration: 3m, intensity: 0.5}
benign:
  - {id: b1, kind: batch-job, target: catalog-db, start: 2h, duration: 45m, factor: 0.25, daily: true}
  - {id: b2, kind: deploy, target: checkout, start: 13h, duration: 5m}
  - {id: b3, kind: traffic-campaign, target: "*", start: 22h30m, duration: 90m, factor: 1.4}
  - {id: b4, kind: scale-out, target: frontend, start: 28h, duration: 4h, factor: 1}
  - {id: b5, kind: deploy, target: cart, start: 40h, duration: 5m}
observation:
  noise: 0.02
  scrape_gap_rate: 0.0005
  outlier_rate: 0.0002
logs:
  lines_per_request: 0.00005
traces:
  sample_rate: 0.0001

"""#

}
