package io.kafkarpenter.viewer.page;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.viewer.ViewerConfig;
import io.kafkarpenter.viewer.cluster.ClusterInformers;
import io.kafkarpenter.viewer.decisions.DecisionFeed;
import io.kafkarpenter.viewer.decisions.DecisionView;
import io.kafkarpenter.viewer.decisions.PodReasons;

/** Builds the page's state from what the informers and the decision feed hold now. */
@ApplicationScoped
public class PageAssembler {

    @Inject
    ClusterInformers cluster;

    @Inject
    DecisionFeed feed;

    @Inject
    ViewerConfig config;

    Clock clock = Clock.systemUTC();

    /** On-demand prices of the built-in catalog (spot priced as on-demand), as {@code bin/kk nodes}. */
    private final NodePrices prices = NodePrices.builtIn();

    public ViewerPage page() {
        List<Pod> pods = cluster.pods();
        Instant now = clock.instant();
        NodeLines.Section nodes = NodeLines.of(cluster.nodes(), cluster.nodeClaims(), pods, prices, now);
        return page(cluster.apiServer(), nodes, pods, feed.podReasons(), feed.latest(config.decisionsShown()), now);
    }

    /** The page from its parts (pure). */
    static ViewerPage page(String apiServer, NodeLines.Section nodes, List<Pod> pods,
                           Map<String, PodReasons.Latest> reasons, List<DecisionView> decisions, Instant now) {
        List<PendingPodRow> pending = PendingPods.rows(pods, reasons, now);
        return new ViewerPage(now, apiServer, nodes.totals(pending.size()), nodes.lines(), pending, decisions);
    }
}
