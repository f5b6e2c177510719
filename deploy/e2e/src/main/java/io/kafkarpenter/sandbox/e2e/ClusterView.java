package io.kafkarpenter.sandbox.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.model.nodeview.NodeRow;
import io.kafkarpenter.model.nodeview.NodeStatus;
import io.kafkarpenter.model.nodeview.NodeView;
import io.kafkarpenter.model.nodeview.NodeViewFormat;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The sandbox's Karpenter-managed capacity at one instant, for the demo's phases: each NodeClaim with its Node (if
 * registered), instance type, zone, capacity type, AMI, price and whether it is being disrupted; and the pods of one
 * app. The NodeClaims' facts are the node view's ({@link NodeView#of}, the same code as {@code bin/kk nodes}: its rows
 * that have a NodeClaim, "disrupting" = {@link NodeStatus#DELETING}); EC2 fills in the type, zone and AMI a NodeClaim
 * does not carry yet. Prices are the built-in catalog's on-demand prices, for spot nodes too
 * ({@link NodePrices#builtIn()}).
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

    final List<Capacity> capacity;
    final List<Pod> pods;

    private ClusterView(List<Capacity> capacity, List<Pod> pods) {
        this.capacity = capacity;
        this.pods = pods;
    }

    /** Looks at the cluster and EC2 now; {@code app} selects the pods (label {@code app}). */
    static ClusterView look(Sandbox sandbox, String app) {
        List<Node> nodes = sandbox.kube().nodes().list().getItems();
        List<NodeClaim> claims = sandbox.kube().resources(NodeClaim.class).list().getItems();
        Map<String, Instance> byClaim = new HashMap<>();
        sandbox.ec2().describeInstancesPaginator(r -> { }).reservations().forEach(r -> r.instances().stream()
            .filter(i -> i.state() != null && !"terminated".equals(i.state().nameAsString()))
            .forEach(i -> {
                String claim = Observer.nodeClaimOf(i, claims);
                if (claim != null) {
                    byClaim.put(claim, i);
                }
            }));
        // no pods: the phases need no requests, and the view's NodeClaim facts do not depend on them
        NodeView view = NodeView.of(nodes, claims, List.of(), NodePrices.builtIn());
        List<Capacity> out = new ArrayList<>();
        for (NodeRow row : view.rows()) {
            if (row.nodeClaim() == null) {
                continue;
            }
            Instance i = byClaim.get(row.nodeClaim());
            String type = row.instanceType() != null ? row.instanceType() : i == null ? null : i.instanceTypeAsString();
            String zone = row.zone() != null ? row.zone() : i == null ? null : i.placement().availabilityZone();
            String capacityType = row.capacityType() != null ? row.capacityType() : "on-demand";
            String image = row.imageId() != null ? row.imageId() : i == null ? null : i.imageId();
            double price = row.priced() ? row.pricePerHour()
                : NodePrices.builtIn().perHour(type, capacityType).orElse(0);
            out.add(new Capacity(row.nodeClaim(), row.node(), row.nodePool(), type, zone, capacityType, image, price,
                row.has(NodeStatus.DELETING), row.initialized()));
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
        return NodeViewFormat.perHour(perHour);
    }
}
