package io.kafkarpenter.consolidator.cluster;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.consolidator.snapshot.ClusterObjects;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.kube.KubeNodes;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;

/**
 * Karpenter's cluster-state gauges (its {@code metrics.node} and {@code metrics.nodepool} controllers), recomputed
 * every 5 s from the consolidator's informers while they are synced (on the active replica):
 * <ul>
 *   <li>{@code karpenter_nodes_allocatable}, {@code karpenter_nodes_total_pod_requests} (bound, non-terminal pods,
 *       DaemonSet pods included) and {@code karpenter_nodes_total_daemon_requests}, one series per node and
 *       {@code resource_type}, labelled with Karpenter's {@code NODE_LABELS} ({@link NodeMetricLabels});</li>
 *   <li>{@code karpenter_nodepools_limit{nodepool,resource_type}} ({@code spec.limits}) and
 *       {@code karpenter_nodepools_usage{nodepool,resource_type}}: what Karpenter's NodePool counter writes to
 *       {@code status.resources}: the capacity of the pool's NodeClaims summed, plus {@code nodes}.</li>
 * </ul>
 * Units as Karpenter: cpu in cores, everything else in its base unit (bytes, counts); resource_type is the resource
 * name lower-cased with '-' as '_'. Series of nodes, pools and resources that are gone are removed.
 */
@ApplicationScoped
public class ClusterStateMetrics {

    private final ClusterInformers informers;
    private final ConsolidatorInstanceTypes instanceTypes;
    private final MultiGauge prices;
    private final MultiGauge allocatable;
    private final MultiGauge podRequests;
    private final MultiGauge daemonRequests;
    private final MultiGauge usage;
    private final MultiGauge limit;
    private static final long PRICE_PERIOD_NANOS = 60_000_000_000L;
    private Long pricedAt;

    @Inject
    public ClusterStateMetrics(ClusterInformers informers, ConsolidatorInstanceTypes instanceTypes,
                               MeterRegistry registry) {
        this.informers = informers;
        this.instanceTypes = instanceTypes;
        prices = MultiGauge.builder("karpenter.cloudprovider.instance.type.offering.price.estimate")
            .description("Instance type offering estimated hourly price used when making informed decisions")
            .register(registry);
        allocatable = MultiGauge.builder("karpenter.nodes.allocatable")
            .description("Node allocatable are the resources allocatable by nodes").register(registry);
        podRequests = MultiGauge.builder("karpenter.nodes.total.pod.requests")
            .description("Node total pod requests are the resources requested by pods bound to nodes, including DaemonSet pods")
            .register(registry);
        daemonRequests = MultiGauge.builder("karpenter.nodes.total.daemon.requests")
            .description("Node total daemon requests are the resources requested by DaemonSet pods bound to nodes")
            .register(registry);
        usage = MultiGauge.builder("karpenter.nodepools.usage")
            .description("The amount of resources that have been provisioned for a NodePool").register(registry);
        limit = MultiGauge.builder("karpenter.nodepools.limit")
            .description("Limits specified on the NodePool that restrict the quantity of resources provisioned")
            .register(registry);
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (informers.synced()) {
            ClusterObjects objects = informers.objects();
            update(objects);
            long now = System.nanoTime();
            if (pricedAt == null || now - pricedAt >= PRICE_PERIOD_NANOS) {
                if (updatePrices(objects, instanceTypes::forNodePool) > 0) {
                    pricedAt = now; // until the first prices (a NodeClass not Ready yet), every refresh tries
                }
            }
        }
    }

    /**
     * Karpenter's {@code cloudprovider.metrics}: the hourly price of each offering of the instance types of every
     * NodePool whose EC2NodeClass is ready, as replacements are priced; at the first refresh, then every minute.
     * Sets the price series (returns how many) from the NodePools' instance types ({@code typesOf}: NodePool template, its class). */
    public int updatePrices(ClusterObjects objects,
                            BiFunction<NodePoolTemplate, EC2NodeClass, List<InstanceType>> typesOf) {
        Map<String, EC2NodeClass> classes = new HashMap<>();
        objects.nodeClasses().forEach(c -> classes.put(c.getMetadata().getName(), c));
        Map<Tags, Double> byOffering = new HashMap<>();
        for (NodePool pool : objects.nodePools()) {
            try {
                var ref = pool.getSpec().getTemplate().getSpec().getNodeClassRef();
                var nodeClass = ref == null ? null : classes.get(ref.getName());
                if (nodeClass == null || EC2NodeClassConditions.notReady(nodeClass).isPresent()) {
                    continue;
                }
                for (var type : typesOf.apply(EngineInputs.nodePool(pool, List.of()), nodeClass)) {
                    for (var o : type.offerings()) {
                        byOffering.put(Tags.of("instance_type", type.name(), "capacity_type", o.capacityType(),
                            "zone", o.zone()), o.price());
                    }
                }
            } catch (RuntimeException e) {
                // an invalid NodePool prices nothing (the disruption pass reports it)
            }
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byOffering.forEach((tags, price) -> rows.add(MultiGauge.Row.of(tags, price)));
        prices.register(rows, true);
        return rows.size();
    }

    /** Sets every series from these objects (removing the series of what is gone). */
    public void update(ClusterObjects objects) {
        List<MultiGauge.Row<?>> alloc = new ArrayList<>();
        List<MultiGauge.Row<?>> pods = new ArrayList<>();
        List<MultiGauge.Row<?>> daemons = new ArrayList<>();
        Map<String, List<Pod>> podsByNode = new HashMap<>();
        for (Pod pod : objects.pods()) {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (node != null && !KubeNodes.terminal(pod)) {
                podsByNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
            }
        }
        for (Node node : objects.nodes()) {
            Tags tags = NodeMetricLabels.of(node);
            rows(alloc, tags, values(node.getStatus() == null ? null : node.getStatus().getAllocatable()));
            Map<String, Double> all = new TreeMap<>();
            Map<String, Double> ds = new TreeMap<>();
            for (Pod pod : podsByNode.getOrDefault(node.getMetadata().getName(), List.of())) {
                Map<String, Double> requests = requests(pod);
                requests.forEach((r, v) -> all.merge(r, v, Double::sum));
                if (PodViews.isDaemonSetPod(pod)) {
                    requests.forEach((r, v) -> ds.merge(r, v, Double::sum));
                }
            }
            rows(pods, tags, all);
            rows(daemons, tags, ds);
        }
        allocatable.register(alloc, true);
        podRequests.register(pods, true);
        daemonRequests.register(daemons, true);

        List<MultiGauge.Row<?>> used = new ArrayList<>();
        List<MultiGauge.Row<?>> limits = new ArrayList<>();
        for (NodePool pool : objects.nodePools()) {
            String name = pool.getMetadata().getName();
            Map<String, Double> sum = new TreeMap<>();
            sum.put("nodes", 0.0);
            for (NodeClaim claim : objects.nodeClaims()) {
                if (name.equals(label(claim.getMetadata().getLabels(), PodViews.NODEPOOL_LABEL))) {
                    sum.merge("nodes", 1.0, Double::sum);
                    values(claim.getStatus() == null ? null : claim.getStatus().getCapacity())
                        .forEach((r, v) -> sum.merge(r, v, Double::sum));
                }
            }
            rows(used, Tags.of("nodepool", name), sum);
            rows(limits, Tags.of("nodepool", name), values(pool.getSpec() == null ? null : pool.getSpec().getLimits()));
        }
        usage.register(used, true);
        limit.register(limits, true);
    }

    private static void rows(List<MultiGauge.Row<?>> into, Tags tags, Map<String, Double> values) {
        values.forEach((resource, v) -> into.add(MultiGauge.Row.of(tags.and("resource_type", resourceType(resource)), v)));
    }

    /** Karpenter's resource_type: lower case, '-' as '_' (ephemeral_storage, nvidia.com/gpu stays as it is). */
    static String resourceType(String resource) {
        return resource.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Quantities in Karpenter's units: cpu in cores, the rest in base units. */
    static Map<String, Double> values(Map<String, Quantity> quantities) {
        Map<String, Double> out = new TreeMap<>();
        if (quantities != null) {
            quantities.forEach((r, q) -> {
                BigDecimal amount = q.getNumericalAmount();
                out.put(r, amount.doubleValue());
            });
        }
        return out;
    }

    /** A pod's effective requests (containers, init containers, overhead) without the engine's {@code pods: 1}. */
    private static Map<String, Double> requests(Pod pod) {
        Map<String, Double> out = new TreeMap<>();
        try {
            ResourceList requests = EngineInputs.requests(PodViews.from(pod));
            requests.asMilliMap().forEach((r, milli) -> {
                if (!"pods".equals(r)) {
                    out.put(r, milli / 1000.0);
                }
            });
        } catch (RuntimeException e) {
            // a pod whose resources cannot be read counts as requesting nothing (the planner reports it)
        }
        return out;
    }

    private static String label(Map<String, String> labels, String key) {
        return labels == null ? null : labels.get(key);
    }
}
