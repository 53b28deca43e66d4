import Telemetry

/// The Sock Shop call graph. sockshop-rcd records no traces or dependency list, so this is the documented
/// architecture of the microservices-demo application (Weaveworks' design, as deployed by RCD): the
/// `front-end` calls `catalogue`, `carts`, `orders` and `user`; `orders` calls `carts`, `payment`, `shipping`
/// and `user`; `shipping` publishes to `rabbitmq`, which `queue-master` consumes; each of `carts`,
/// `catalogue`, `orders` and `user` has its own database (`<service>-db`).
public enum SockShopTopology {
    /// The 13 containers of the dataset and the edges above (a consumer calls its queue).
    public static let edges: [(caller: String, callee: String)] = [
        ("front-end", "catalogue"), ("front-end", "carts"), ("front-end", "orders"), ("front-end", "user"),
        ("orders", "carts"), ("orders", "payment"), ("orders", "shipping"), ("orders", "user"),
        ("shipping", "rabbitmq"), ("queue-master", "rabbitmq"),
        ("carts", "carts-db"), ("catalogue", "catalogue-db"), ("orders", "orders-db"), ("user", "user-db"),
    ]

    /// The graph restricted to `services` (edges whose ends both appear), services as entities.
    public static func topology(services: [String]) -> Topology {
        let known = Set(services)
        return Topology(
            entities: services.map { Entity(id: $0, kind: $0.hasSuffix("-db") ? .database : ($0 == "rabbitmq" ? .queue : .service)) },
            edges: edges.filter { known.contains($0.caller) && known.contains($0.callee) }.map { CallEdge(caller: $0.caller, callee: $0.callee) })
    }
}
