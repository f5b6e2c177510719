package io.kafkarpenter.viewer.page;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.nodeview.ClusterSummary;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.model.nodeview.NodeRow;
import io.kafkarpenter.model.nodeview.NodeStatus;
import io.kafkarpenter.model.nodeview.NodeView;

/**
 * The page's node lines and totals: {@link NodeView} (the one computation behind {@code bin/kk nodes}) in the
 * page's JSON units — cpu in cores, memory in bytes, ages in seconds, statuses as their words in the enum's order.
 */
public final class NodeLines {

    private NodeLines() {
    }

    /** The node part of the page: the lines and the cluster's summary. */
    public record Section(List<ViewerPage.NodeLine> lines, ClusterSummary summary) {

        public ViewerPage.Totals totals(int pendingPods) {
            return new ViewerPage.Totals(summary.nodes(), summary.costPerHour(), summary.costPerMonth(),
                cores(summary.cpuRequestedMilli()), cores(summary.cpuAllocatableMilli()),
                summary.memoryRequestedBytes(), summary.memoryAllocatableBytes(), pendingPods);
        }
    }

    public static Section of(List<Node> nodes, List<NodeClaim> nodeClaims, List<Pod> pods, NodePrices prices,
                             Instant now) {
        return of(NodeView.of(nodes, nodeClaims, pods, prices, now));
    }

    public static Section of(NodeView view) {
        return new Section(view.rows().stream().map(NodeLines::line).toList(), view.summary());
    }

    static ViewerPage.NodeLine line(NodeRow r) {
        List<String> statuses = r.status().stream().sorted(Comparator.naturalOrder()).map(NodeStatus::label).toList();
        return new ViewerPage.NodeLine(r.name(), r.nodeClaim(), r.nodePool(), r.instanceType(), r.capacityType(),
            r.zone(), r.age() == null ? 0 : r.age().toSeconds(), r.pricePerHour(), r.priced(),
            cores(r.cpuRequestedMilli()), cores(r.cpuAllocatableMilli()), r.memoryRequestedBytes(),
            r.memoryAllocatableBytes(), r.pods(), statuses);
    }

    static double cores(long milli) {
        return milli / 1000.0;
    }
}
