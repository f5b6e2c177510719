package io.kafkarpenter.cli.nodes;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.kafkarpenter.model.nodeview.ClusterSummary;
import io.kafkarpenter.model.nodeview.NodeRow;
import io.kafkarpenter.model.nodeview.NodeStatus;
import io.kafkarpenter.model.nodeview.NodeView;
import io.kafkarpenter.model.nodeview.NodeViewFormat;

/**
 * One frame of {@code bin/kk nodes}, as eks-node-viewer lays it out: the totals (nodes, cost per hour and per month,
 * cpu and memory requested vs allocatable with a bar) and then one aligned line per node.
 */
public final class NodesFrame {

    static final int TOTAL_BAR = 30;
    static final int ROW_BAR = 10;
    static final String[] HEADER = {"NODE", "NODEPOOL", "TYPE", "CAPACITY", "ZONE", "AGE", "PRICE", "CPU", "MEMORY",
        "PODS", "STATUS"};

    private NodesFrame() {
    }

    /**
     * @param cluster   shown in the first line (API server URL or context), null to leave out
     * @param nodePool  the NodePool filter, null for all
     */
    public static List<String> lines(NodeView view, String cluster, String nodePool) {
        List<String> out = new ArrayList<>();
        ClusterSummary s = view.summary();
        out.add(String.format("%d node%s%s  %s  %s  %d pods%s", s.nodes(), s.nodes() == 1 ? "" : "s",
            nodePool == null ? "" : " in NodePool " + nodePool, NodeViewFormat.perHour(s.costPerHour()),
            NodeViewFormat.perMonth(s.costPerMonth()), s.pods(), cluster == null ? "" : "  (" + cluster + ")"));
        out.add(String.format("cpu     %s %4s  %s of %s cores requested", NodeViewFormat.bar(s.cpuFraction(), TOTAL_BAR),
            NodeViewFormat.percent(s.cpuFraction()), NodeViewFormat.cpu(s.cpuRequestedMilli()),
            NodeViewFormat.cpu(s.cpuAllocatableMilli())));
        out.add(String.format("memory  %s %4s  %s of %s requested", NodeViewFormat.bar(s.memoryFraction(), TOTAL_BAR),
            NodeViewFormat.percent(s.memoryFraction()), NodeViewFormat.memory(s.memoryRequestedBytes()),
            NodeViewFormat.memory(s.memoryAllocatableBytes())));
        out.add("");
        List<String[]> table = new ArrayList<>();
        table.add(HEADER);
        for (NodeRow r : view.rows()) {
            table.add(new String[] {r.name(), dash(r.nodePool()), dash(r.instanceType()), dash(r.capacityType()),
                dash(r.zone()), NodeViewFormat.age(r.age()),
                r.priced() ? NodeViewFormat.perHour(r.pricePerHour()) : "-",
                usage(r.cpuFraction(), r.cpuAllocatableMilli()), usage(r.memoryFraction(), r.memoryAllocatableBytes()),
                Integer.toString(r.pods()), status(r)});
        }
        out.addAll(align(table));
        if (view.rows().isEmpty()) {
            out.add(nodePool == null ? "(no nodes)" : "(no nodes in NodePool " + nodePool + ")");
        }
        for (String problem : view.problems()) {
            out.add("warning: " + problem);
        }
        return out;
    }

    /** The flags in their declared order, e.g. {@code Ready,Drifted}. */
    static String status(NodeRow r) {
        return r.status().stream().sorted().map(NodeStatus::label).collect(Collectors.joining(","));
    }

    private static String usage(double fraction, long allocatable) {
        return allocatable <= 0 ? "-" : NodeViewFormat.bar(fraction, ROW_BAR) + " " + NodeViewFormat.percent(fraction);
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    /** Left-aligned columns two spaces apart, the last one unpadded. */
    static List<String> align(List<String[]> table) {
        int columns = table.get(0).length;
        int[] width = new int[columns];
        for (String[] row : table) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }
}
