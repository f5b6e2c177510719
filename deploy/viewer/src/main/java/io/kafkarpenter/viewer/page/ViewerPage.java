package io.kafkarpenter.viewer.page;

import java.time.Instant;
import java.util.List;

import io.kafkarpenter.viewer.decisions.DecisionView;

/**
 * What {@code GET /api/view} answers, the page's whole state: the cluster's totals, one line per node (the rows of
 * {@code bin/kk nodes}), the pending pods with their reasons and the latest decisions (newest first; the page then
 * follows {@code /api/decisions/stream}).
 */
public record ViewerPage(Instant generatedAt, String apiServer, Totals totals, List<NodeLine> nodes,
                         List<PendingPodRow> pending, List<DecisionView> decisions) {

    public ViewerPage {
        nodes = List.copyOf(nodes);
        pending = List.copyOf(pending);
        decisions = List.copyOf(decisions);
    }

    /** The cluster's totals: nodes, cost per hour and per month (730 h), cpu (cores) and memory (bytes) requested of allocatable. */
    public record Totals(int nodes, double costPerHour, double costPerMonth, double cpuRequested, double cpuAllocatable,
                         long memoryRequested, long memoryAllocatable, int pendingPods) {
    }

    /** One node (or NodeClaim without Node yet): the columns of {@code bin/kk nodes}; cpu in cores, memory in bytes, statuses as words (Ready, Cordoned, ...). */
    public record NodeLine(String name, String nodeClaim, String nodePool, String instanceType, String capacityType,
                           String zone, long ageSeconds, double pricePerHour, boolean priced, double cpuRequested,
                           double cpuAllocatable,
                           long memoryRequested, long memoryAllocatable, int pods, List<String> statuses) {
        public NodeLine {
            statuses = List.copyOf(statuses);
        }
    }
}
