package io.kafkarpenter.tagreconciler.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.quarkus.runtime.ShutdownEvent;

/**
 * What the tag-reconciler watches: EC2NodeClasses and NodeClaims (fabric8 informers, started when this replica becomes
 * the active one). Listeners hear of an EC2NodeClass whose spec or metadata changed (generation, deletion, finalizers,
 * annotations — not a status-only update, so the service's own status writes do not trigger it again), of a NodeClaim
 * added or changed (it may now need its instance tagged) and of a NodeClaim deleted (its class may be waiting for it).
 */
@ApplicationScoped
public class KubeInformers {

    private static final Logger LOG = Logger.getLogger(KubeInformers.class);

    /** What the loop is told. */
    public interface Listener {
        void nodeClassChanged(String name);

        void nodeClaimChanged(NodeClaim claim);

        void nodeClaimDeleted(NodeClaim claim);
    }

    private final KubernetesClient client;
    private final List<Listener> listeners = new ArrayList<>();
    private SharedIndexInformer<EC2NodeClass> nodeClasses;
    private SharedIndexInformer<NodeClaim> nodeClaims;

    KubeInformers(KubernetesClient client) {
        this.client = client;
    }

    public synchronized void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Starts watching (when this replica becomes the active one). */
    public synchronized void start() {
        if (nodeClasses != null) {
            return;
        }
        nodeClasses = client.resources(EC2NodeClass.class).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(EC2NodeClass obj) {
                each(l -> l.nodeClassChanged(obj.getMetadata().getName()));
            }

            @Override
            public void onUpdate(EC2NodeClass oldObj, EC2NodeClass newObj) {
                if (specOrMetadataChanged(oldObj, newObj)) {
                    each(l -> l.nodeClassChanged(newObj.getMetadata().getName()));
                }
            }

            @Override
            public void onDelete(EC2NodeClass obj, boolean deletedFinalStateUnknown) {
                each(l -> l.nodeClassChanged(obj.getMetadata().getName()));
            }
        }, 0);
        nodeClaims = client.resources(NodeClaim.class).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(NodeClaim obj) {
                each(l -> l.nodeClaimChanged(obj));
            }

            @Override
            public void onUpdate(NodeClaim oldObj, NodeClaim newObj) {
                if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
                    each(l -> l.nodeClaimChanged(newObj));
                }
            }

            @Override
            public void onDelete(NodeClaim obj, boolean deletedFinalStateUnknown) {
                each(l -> l.nodeClaimDeleted(obj));
            }
        }, 0);
        LOG.info("watching EC2NodeClasses and NodeClaims");
    }

    static boolean specOrMetadataChanged(EC2NodeClass a, EC2NodeClass b) {
        var ma = a.getMetadata();
        var mb = b.getMetadata();
        return !Objects.equals(ma.getGeneration(), mb.getGeneration())
            || !Objects.equals(ma.getDeletionTimestamp(), mb.getDeletionTimestamp())
            || !Objects.equals(ma.getFinalizers(), mb.getFinalizers())
            || !Objects.equals(ma.getAnnotations(), mb.getAnnotations())
            || !Objects.equals(ma.getUid(), mb.getUid())
            || (ma.getGeneration() == null && !Objects.equals(a.getSpec(), b.getSpec()));
    }

    private void each(Consumer<Listener> call) {
        List<Listener> copy;
        synchronized (this) {
            copy = List.copyOf(listeners);
        }
        for (Listener l : copy) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.errorf(e, "informer listener failed: %s", e.getMessage());
            }
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (nodeClasses != null) {
            nodeClasses.close();
            nodeClaims.close();
        }
    }

    public boolean synced() {
        return nodeClasses != null && nodeClasses.hasSynced() && nodeClaims.hasSynced();
    }

    public List<EC2NodeClass> nodeClasses() {
        return nodeClasses == null ? List.of() : nodeClasses.getStore().list();
    }

    public Optional<EC2NodeClass> nodeClass(String name) {
        return nodeClasses == null ? Optional.empty() : Optional.ofNullable(nodeClasses.getStore().getByKey(name));
    }

    public List<NodeClaim> nodeClaims() {
        return nodeClaims == null ? List.of() : nodeClaims.getStore().list();
    }

    /** NodeClaims whose {@code spec.nodeClassRef} names this EC2NodeClass. */
    public List<NodeClaim> nodeClaimsOf(String nodeClass) {
        return nodeClaims().stream().filter(c -> c.getSpec() != null && c.getSpec().getNodeClassRef() != null
            && nodeClass.equals(c.getSpec().getNodeClassRef().getName())).toList();
    }
}
