package io.kafkarpenter.viewer.cluster;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.viewer.ViewerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * What the viewer reads from the API server: Nodes, Pods (all namespaces), NodeClaims and NodePools, each through a
 * fabric8 informer (list, then watch). It only lists and watches: the viewer writes nothing. The informers start
 * without blocking the start; {@link #synced()} tells the readiness check when every one has listed once.
 */
@ApplicationScoped
public class ClusterInformers {

    private static final Logger LOG = Logger.getLogger(ClusterInformers.class);

    @Inject
    KubernetesClient client;

    @Inject
    ViewerConfig config;

    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<NodeClaim> nodeClaims;
    private SharedIndexInformer<NodePool> nodePools;

    void start(@Observes StartupEvent event) {
        long resync = config.resyncPeriod().toMillis();
        nodes = client.nodes().runnableInformer(resync);
        pods = client.pods().inAnyNamespace().runnableInformer(resync);
        nodeClaims = client.resources(NodeClaim.class).runnableInformer(resync);
        nodePools = client.resources(NodePool.class).runnableInformer(resync);
        for (SharedIndexInformer<?> informer : List.of(nodes, pods, nodeClaims, nodePools)) {
            // a list or watch that fails (API server slow or away, a CRD not installed yet) is tried again, at start
            // too: fabric8 stops an informer whose first list fails unless told otherwise
            informer.exceptionHandler((started, error) -> {
                LOG.warnf("%s: %s (retrying)", informer.getApiTypeClass().getSimpleName(), error.getMessage());
                return true;
            });
            informer.start();
        }
        LOG.infof("reading nodes, pods, nodeclaims and nodepools from %s", client.getMasterUrl());
    }

    void stop(@Observes ShutdownEvent event) {
        for (SharedIndexInformer<?> informer : informers()) {
            informer.close();
        }
    }

    private List<SharedIndexInformer<?>> informers() {
        return nodes == null ? List.of() : List.of(nodes, pods, nodeClaims, nodePools);
    }

    /** The API server it reads. */
    public String apiServer() {
        return String.valueOf(client.getMasterUrl());
    }

    /** Every informer has listed once. */
    public boolean synced() {
        List<SharedIndexInformer<?>> all = informers();
        return !all.isEmpty() && all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    public List<Node> nodes() {
        return nodes.getStore().list();
    }

    public List<Pod> pods() {
        return pods.getStore().list();
    }

    public List<NodeClaim> nodeClaims() {
        return nodeClaims.getStore().list();
    }

    public List<NodePool> nodePools() {
        return nodePools.getStore().list();
    }
}
