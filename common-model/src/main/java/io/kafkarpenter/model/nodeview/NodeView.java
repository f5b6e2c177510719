package io.kafkarpenter.model.nodeview;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.kube.ClusterNodes;
import io.kafkarpenter.model.kube.KubeNodes;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;

/**
 * The cluster's nodes at one instant, as eks-node-viewer shows them: {@link ClusterSummary totals} and one
 * {@link NodeRow} per Node (and per NodeClaim that has no Node yet), oldest first.
 *
 * <ul>
 *   <li>A NodeClaim belongs to the Node named by its {@code status.nodeName}, or with the same provider ID.</li>
 *   <li>Labels (NodePool, instance type, capacity type, zone) are the Node's, else its NodeClaim's.</li>
 *   <li>Requests: the effective requests ({@link EngineInputs#requests}, as the scheduler counts them) of the
 *       non-terminal pods whose {@code spec.nodeName} is the Node; a pod that cannot be read counts as a pod without
 *       requests and is reported in {@link #problems}.</li>
 * </ul>
 *
 * @param problems objects that could not be read fully (one line each); the view leaves out what it cannot read
 */
public record NodeView(ClusterSummary summary, List<NodeRow> rows, List<String> problems) {

    /** EKS managed node groups' capacity type label ({@code ON_DEMAND}, {@code SPOT}). */
    public static final String EKS_CAPACITY_TYPE = "eks.amazonaws.com/capacityType";

    public NodeView {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    /** The view now. Null lists count as empty. */
    public static NodeView of(List<Node> nodes, List<NodeClaim> nodeClaims, List<Pod> pods, NodePrices prices) {
        return of(nodes, nodeClaims, pods, prices, Instant.now());
    }

    /** The view at {@code now} (ages count to it). */
    public static NodeView of(List<Node> nodes, List<NodeClaim> nodeClaims, List<Pod> pods, NodePrices prices,
                              Instant now) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Pod>> podsByNode = new HashMap<>();
        for (Pod pod : nullToEmpty(pods)) {
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName != null && !nodeName.isEmpty() && !KubeNodes.terminal(pod)) {
                podsByNode.computeIfAbsent(nodeName, k -> new ArrayList<>()).add(pod);
            }
        }
        Map<String, NodeClaim> claimByNode = new HashMap<>();
        Map<String, NodeClaim> claimByProvider = new HashMap<>();
        for (NodeClaim c : nullToEmpty(nodeClaims)) {
            if (c.getStatus() != null && c.getStatus().getNodeName() != null) {
                claimByNode.put(c.getStatus().getNodeName(), c);
            }
            if (c.getStatus() != null && c.getStatus().getProviderID() != null) {
                claimByProvider.put(c.getStatus().getProviderID(), c);
            }
        }
        List<NodeRow> rows = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (Node node : nullToEmpty(nodes)) {
            String name = node.getMetadata().getName();
            NodeClaim claim = claimByNode.get(name);
            if (claim == null && node.getSpec() != null && node.getSpec().getProviderID() != null) {
                claim = claimByProvider.get(node.getSpec().getProviderID());
            }
            if (claim != null) {
                matched.add(claim.getMetadata().getName());
            }
            rows.add(row(node, claim, podsByNode.getOrDefault(name, List.of()), prices, now, problems));
        }
        for (NodeClaim c : nullToEmpty(nodeClaims)) {
            if (!matched.contains(c.getMetadata().getName())) {
                rows.add(row(null, c, List.of(), prices, now, problems));
            }
        }
        rows.sort(Comparator.comparing(NodeRow::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(NodeRow::name));
        return new NodeView(ClusterSummary.of(rows), rows, problems);
    }

    /** The rows of one NodePool (all when {@code nodePool} is null), totals recomputed. */
    public NodeView forNodePool(String nodePool) {
        if (nodePool == null) {
            return this;
        }
        List<NodeRow> kept = rows.stream().filter(r -> nodePool.equals(r.nodePool())).toList();
        return new NodeView(ClusterSummary.of(kept), kept, problems);
    }

    private static NodeRow row(Node node, NodeClaim claim, List<Pod> pods, NodePrices prices, Instant now,
                               List<String> problems) {
        HasMetadata main = node != null ? node : claim;
        String name = main.getMetadata().getName();
        Map<String, String> nodeLabels = node == null ? Map.of() : nullToEmpty(node.getMetadata().getLabels());
        Map<String, String> claimLabels = claim == null ? Map.of() : nullToEmpty(claim.getMetadata().getLabels());
        String pool = label(Labels.NODEPOOL, nodeLabels, claimLabels);
        String type = label(Labels.INSTANCE_TYPE, nodeLabels, claimLabels);
        String zone = label(Labels.ZONE, nodeLabels, claimLabels);
        String capacityType = capacityType(nodeLabels, claimLabels);

        ResourceList allocatable = allocatable(node, claim, name, problems);
        long cpu = 0;
        long memory = 0;
        for (Pod pod : pods) {
            try {
                ResourceList requests = EngineInputs.requests(PodViews.from(pod));
                cpu += requests.cpuMilli();
                memory += requests.memoryMilli() / 1000;
            } catch (RuntimeException e) {
                problems.add("Pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                    + " on " + name + ": requests not counted: " + e.getMessage());
            }
        }

        Set<NodeStatus> status = EnumSet.noneOf(NodeStatus.class);
        boolean ready = node != null && node.getStatus() != null && node.getStatus().getConditions() != null
            && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        status.add(ready ? NodeStatus.READY : NodeStatus.NOT_READY);
        if (node != null && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            status.add(NodeStatus.CORDONED);
        }
        if (ClusterNodes.deleting(node, claim)) {
            status.add(NodeStatus.DELETING);
        }
        if (claim != null && NodeClaimConditions.isTrue(claim, NodeClaimConditions.DRIFTED)) {
            status.add(NodeStatus.DRIFTED);
        }
        if (claim != null && NodeClaimConditions.isTrue(claim, NodeClaimConditions.CONSOLIDATABLE)) {
            status.add(NodeStatus.CONSOLIDATABLE);
        }

        Instant created = created(main, problems);
        OptionalDouble price = prices.perHour(type, capacityType);
        String image = claim != null && claim.getStatus() != null ? claim.getStatus().getImageID() : null;
        boolean initialized = claim != null ? NodeClaimConditions.isTrue(claim, NodeClaimConditions.INITIALIZED) : ready;
        return new NodeRow(name, node == null ? null : name, claim == null ? null : claim.getMetadata().getName(), pool,
            type, capacityType, zone, created, created == null ? null : Duration.between(created, now),
            price.orElse(0), price.isPresent(), cpu, allocatable.cpuMilli(), memory,
            allocatable.memoryMilli() / 1000, pods.size(), status, image, initialized);
    }

    private static ResourceList allocatable(Node node, NodeClaim claim, String name, List<String> problems) {
        Map<String, Quantity> alloc = node != null && node.getStatus() != null ? node.getStatus().getAllocatable() : null;
        String where = "Node " + name + " status.allocatable";
        if ((alloc == null || alloc.isEmpty()) && claim != null && claim.getStatus() != null) {
            alloc = claim.getStatus().getAllocatable();
            where = "NodeClaim " + claim.getMetadata().getName() + " status.allocatable";
        }
        try {
            return EngineInputs.resources(KubeNodes.quantities(alloc), where);
        } catch (RuntimeException e) {
            problems.add(where + ": " + e.getMessage());
            return ResourceList.EMPTY;
        }
    }

    private static String capacityType(Map<String, String> nodeLabels, Map<String, String> claimLabels) {
        String value = label(Labels.CAPACITY_TYPE, nodeLabels, claimLabels);
        if (value != null) {
            return value;
        }
        String eks = nodeLabels.get(EKS_CAPACITY_TYPE);
        if (eks == null) {
            return null;
        }
        return switch (eks) {
            case "ON_DEMAND" -> Labels.CAPACITY_TYPE_ON_DEMAND;
            case "SPOT" -> Labels.CAPACITY_TYPE_SPOT;
            default -> eks.toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String label(String key, Map<String, String> first, Map<String, String> second) {
        String value = first.get(key);
        return value != null ? value : second.get(key);
    }

    private static Instant created(HasMetadata obj, List<String> problems) {
        try {
            return ClusterNodes.creationTime(obj);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> nullToEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
