package io.kafkarpenter.cli.nodes;

import java.util.List;
import java.util.concurrent.Semaphore;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.nodeview.NodePrices;
import io.kafkarpenter.model.nodeview.NodeView;

/**
 * Reads Nodes, NodeClaims and the pods bound to nodes ({@code spec.nodeName} set) from the API server: once (lists),
 * or live (fabric8 informers, read-only). A cluster that does not serve {@code karpenter.sh/v1} NodeClaims (no
 * Karpenter CRDs, or no permission) is shown from its Nodes alone, with a note.
 */
final class ClusterReader implements AutoCloseable {

    private final KubernetesClient client;
    private final Semaphore changed = new Semaphore(0);
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<NodeClaim> claims;
    private SharedIndexInformer<Pod> pods;
    private String note;

    ClusterReader(KubernetesClient client) {
        this.client = client;
    }

    /** One look with list calls. */
    NodeView once() {
        List<Node> n = client.nodes().list().getItems();
        List<NodeClaim> c;
        try {
            c = client.resources(NodeClaim.class).list().getItems();
        } catch (KubernetesClientException e) {
            c = List.of();
            note = noClaims(e);
        }
        List<Pod> p = client.pods().inAnyNamespace().withoutField("spec.nodeName", "").list().getItems();
        return NodeView.of(n, c, p, NodePrices.builtIn());
    }

    /**
     * Starts the informers (returns once their caches are filled). Their event threads only release
     * {@link #awaitChange}'s semaphore: the frame is computed and printed on the caller's thread.
     */
    void start() {
        ResourceEventHandler<Object> signal = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                changed.release();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                changed.release();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                changed.release();
            }
        };
        nodes = client.nodes().inform(cast(signal));
        pods = client.pods().inAnyNamespace().withoutField("spec.nodeName", "").inform(cast(signal));
        try {
            claims = client.resources(NodeClaim.class).inform(cast(signal));
        } catch (KubernetesClientException e) {
            note = noClaims(e);
        }
    }

    /** The view from the informers' caches. */
    NodeView current() {
        return NodeView.of(nodes.getStore().list(), claims == null ? List.of() : claims.getStore().list(),
            pods.getStore().list(), NodePrices.builtIn());
    }

    /**
     * Waits until an informer saw a change or {@code maxWaitMillis} passed, then {@code settleMillis} more, so that a
     * burst of events (a scale-up binds many pods) makes one frame; the changes seen meanwhile are folded in.
     */
    void awaitChange(long maxWaitMillis, long settleMillis) throws InterruptedException {
        changed.tryAcquire(maxWaitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        Thread.sleep(settleMillis);
        changed.drainPermits();
    }

    /** Why NodeClaims are not shown, or null when they are. */
    String note() {
        return note;
    }

    private static String noClaims(KubernetesClientException e) {
        return "NodeClaims not shown: " + (e.getCode() == 404 ? "karpenter.sh/v1 nodeclaims are not served"
            : e.getCode() == 403 ? "not allowed to list karpenter.sh/v1 nodeclaims" : e.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) handler;
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {nodes, claims, pods}) {
            if (informer != null) {
                informer.close();
            }
        }
    }
}
