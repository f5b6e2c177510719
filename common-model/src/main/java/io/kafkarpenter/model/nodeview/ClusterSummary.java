package io.kafkarpenter.model.nodeview;

import java.util.List;

/**
 * The totals above the node lines.
 *
 * @param nodes        rows (Nodes and NodeClaims without Node)
 * @param costPerHour  sum of the rows' prices, USD
 * @param costPerMonth costPerHour × {@value #HOURS_PER_MONTH} h
 * @param pods         non-terminal pods bound to the rows' nodes
 */
public record ClusterSummary(int nodes, double costPerHour, double costPerMonth, long cpuRequestedMilli,
                             long cpuAllocatableMilli, long memoryRequestedBytes, long memoryAllocatableBytes,
                             int pods) {

    /** Hours in a month, as AWS's and eks-node-viewer's monthly prices count them. */
    public static final int HOURS_PER_MONTH = 730;

    public static ClusterSummary of(List<NodeRow> rows) {
        double cost = rows.stream().mapToDouble(NodeRow::pricePerHour).sum();
        return new ClusterSummary(rows.size(), cost, cost * HOURS_PER_MONTH,
            rows.stream().mapToLong(NodeRow::cpuRequestedMilli).sum(),
            rows.stream().mapToLong(NodeRow::cpuAllocatableMilli).sum(),
            rows.stream().mapToLong(NodeRow::memoryRequestedBytes).sum(),
            rows.stream().mapToLong(NodeRow::memoryAllocatableBytes).sum(),
            rows.stream().mapToInt(NodeRow::pods).sum());
    }

    public double cpuFraction() {
        return NodeRow.fraction(cpuRequestedMilli, cpuAllocatableMilli);
    }

    public double memoryFraction() {
        return NodeRow.fraction(memoryRequestedBytes, memoryAllocatableBytes);
    }
}
