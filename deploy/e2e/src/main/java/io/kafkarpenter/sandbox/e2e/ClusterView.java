package io.kafkarpenter.sandbox.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The sandbox's Karpenter-managed capacity at one instant, for the demo's phases: each NodeClaim with its Node (if
 * registered), instance type, zone, capacity type, AMI, price and whether it is being disrupted; and the pods of one
 * app. Prices are the built-in catalog's on-demand prices, for spot nodes too (the planner's catalog has no spot prices).
 */
final class ClusterView {

    /** One NodeClaim and what it runs on. */
    record Capacity(String nodeClaim, String node, String nodePool, String instanceType, String zone,
                    String capacityType, String imageId, double pricePerHour, boolean disrupting, boolean initialized) {

        String describe() {
            return String.format(Locale.ROOT, "%-22s %-12s %-11s %-9s $%.4f/h %s%s", node != null ? node : nodeClaim,
                instanceType, zone, capacityType, pricePerHour, imageId == null ? "" : imageId,
                disrupting ? "  (disrupting)" : "");
        }
    }

    private static final Map<String, Double> PRICES = new HashMap<>();

    static {
        for (CatalogEntry e : BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1)) {
            PRICES.put(e.name(), e.onDemandPriceUSD());
        }
    }

    final List<Capacity> capacity;
    final List<Pod> pods;

    private ClusterView(List<Capacity> capacity, List<Pod> pods) {
        this.capacity = capacity;
        this.pods = pods;
    }

    /** Looks at the cluster and EC2 now; {@code app} selects the pods (label {@code app}). */
    static ClusterView look(Sandbox sandbox, String app) {
        Map<String, Node> nodes = new HashMap<>();
        sandbox.kube().nodes().list().getItems().forEach(n -> nodes.put(n.getMetadata().getName(), n));
        Map<String, Instance> byClaim = new HashMap<>();
        sandbox.ec2().describeInstancesPaginator(r -> { }).reservations().forEach(r -> r.instances().stream()
            .filter(i -> i.state() != null && !"terminated".equals(i.state().nameAsString()))
            .forEach(i -> {
                String claim = Observer.tag(i, "karpenter.sh/nodeclaim");
                if (claim != null) {
                    byClaim.put(claim, i);
                }
            }));
        List<Capacity> out = new ArrayList<>();
        for (NodeClaim c : sandbox.kube().resources(NodeClaim.class).list().getItems()) {
            String name = c.getMetadata().getName();
            String nodeName = c.getStatus() == null ? null : c.getStatus().getNodeName();
            Node node = nodeName == null ? null : nodes.get(nodeName);
            Map<String, String> labels = c.getMetadata().getLabels() == null ? Map.of() : c.getMetadata().getLabels();
            Instance i = byClaim.get(name);
            String type = labels.getOrDefault("node.kubernetes.io/instance-type", i == null ? null : i.instanceTypeAsString());
            String zone = labels.getOrDefault("topology.kubernetes.io/zone",
                i == null ? null : i.placement().availabilityZone());
            String capacityType = labels.getOrDefault("karpenter.sh/capacity-type", "on-demand");
            String image = c.getStatus() != null && c.getStatus().getImageID() != null ? c.getStatus().getImageID()
                : i == null ? null : i.imageId();
            Map<String, String> annotations = c.getMetadata().getAnnotations() == null ? Map.of()
                : c.getMetadata().getAnnotations();
            boolean disrupting = c.getMetadata().getDeletionTimestamp() != null
                || annotations.containsKey(DisruptionKeys.TERMINATION_REASON)
                || (node != null && (node.getMetadata().getDeletionTimestamp() != null || (node.getSpec().getTaints() != null
                    && node.getSpec().getTaints().stream().anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey())))));
            boolean initialized = c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus()
                .getConditions().stream().anyMatch(k -> "Initialized".equals(k.getType()) && "True".equals(k.getStatus()));
            out.add(new Capacity(name, node == null ? null : nodeName, labels.get("karpenter.sh/nodepool"), type, zone,
                capacityType, image, type == null ? 0 : PRICES.getOrDefault(type, 0.0), disrupting, initialized));
        }
        out.sort(java.util.Comparator.comparing(Capacity::nodeClaim));
        List<Pod> pods = sandbox.kube().pods().inNamespace(Sandbox.NAMESPACE).withLabel("app", app).list().getItems();
        return new ClusterView(out, pods);
    }

    double costPerHour() {
        return capacity.stream().mapToDouble(Capacity::pricePerHour).sum();
    }

    int disrupting() {
        return (int) capacity.stream().filter(Capacity::disrupting).count();
    }

    /** Pods not being deleted. */
    List<Pod> activePods() {
        return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    long bound() {
        return activePods().stream().filter(p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty())
            .count();
    }

    long pending() {
        return activePods().size() - bound();
    }

    /** e.g. "2 x c6a.2xlarge, 1 x m6a.large". */
    String byType() {
        Map<String, Integer> n = new TreeMap<>();
        capacity.forEach(c -> n.merge(String.valueOf(c.instanceType()), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((t, k) -> parts.add(k + " x " + t));
        return parts.isEmpty() ? "no nodes" : String.join(", ", parts);
    }

    static String dollars(double perHour) {
        return String.format(Locale.ROOT, "$%.4f/h", perHour);
    }
}
