package io.kafkarpenter.provisioner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.pods.PodRef;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * What the provisioner knows of the cluster, from fabric8 informers: NodePools, EC2NodeClasses, NodeClaims, Nodes,
 * DaemonSets, and pods (those bound to nodes use up node capacity; the newest pod of each DaemonSet is that
 * DaemonSet's overhead, karpenter-core §2.6). A change of a NodePool, EC2NodeClass, NodeClaim or Node, and a
 * DaemonSet created, deleted or changed in its spec, re-arms the batch window, as Karpenter's state changes do.
 */
@ApplicationScoped
public class ClusterState {

    private static final Logger LOG = Logger.getLogger(ClusterState.class);
    private static final String BY_NODE = "spec.nodeName";
    private static final String BY_DAEMONSET = "daemonSetUid";

    private final KubernetesClient client;
    private final ProvisioningLoop loop;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<NodePool> nodePools;
    private SharedIndexInformer<EC2NodeClass> nodeClasses;
    private SharedIndexInformer<NodeClaim> nodeClaims;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<DaemonSet> daemonSets;
    private SharedIndexInformer<Pod> pods;

    ClusterState(KubernetesClient client, ProvisioningLoop loop) {
        this.client = client;
        this.loop = loop;
    }

    void start(@Observes StartupEvent ignored) {
        nodePools = watch(client.resources(NodePool.class).inform(trigger("NodePool"), 0));
        nodeClasses = watch(client.resources(EC2NodeClass.class).inform(trigger("EC2NodeClass"), 0));
        nodeClaims = watch(client.resources(NodeClaim.class).inform(trigger("NodeClaim"), 0));
        nodes = watch(client.nodes().inform(trigger("Node"), 0));
        // status updates (numberReady, ...) change a DaemonSet's resourceVersion on every node it lands on;
        // only its spec (generation) changes its overhead
        daemonSets = watch(client.apps().daemonSets().inAnyNamespace()
            .inform(trigger("DaemonSet", ds -> ds.getMetadata().getGeneration()), 0));
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        pods.addIndexers(Map.of(BY_NODE, pod -> {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            return node == null || node.isEmpty() ? List.of() : List.of(node);
        }, BY_DAEMONSET, pod -> daemonSetController(pod).map(r -> List.of(r.getUid())).orElse(List.of())));
        pods.start();
        watch(pods);
        LOG.info("watching NodePools, EC2NodeClasses, NodeClaims, Nodes, DaemonSets and pods");
    }

    void stop(@Observes ShutdownEvent ignored) {
        informers.forEach(SharedIndexInformer::close);
    }

    private <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> trigger(String kind) {
        return trigger(kind, obj -> obj.getMetadata().getResourceVersion());
    }

    /** Re-arms the batch window on add, delete, and an update that changes {@code version}. */
    private <T extends HasMetadata> ResourceEventHandler<T> trigger(String kind, Function<T, Object> version) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                loop.stateChanged(kind + " " + obj.getMetadata().getName() + " added");
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!Objects.equals(version.apply(oldObj), version.apply(newObj))) {
                    loop.stateChanged(kind + " " + newObj.getMetadata().getName() + " changed");
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                loop.stateChanged(kind + " " + obj.getMetadata().getName() + " deleted");
            }
        };
    }

    /** True once every informer has listed its objects. */
    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    public List<NodePool> nodePools() {
        return nodePools.getStore().list();
    }

    public List<EC2NodeClass> nodeClasses() {
        return nodeClasses == null ? List.of() : nodeClasses.getStore().list();
    }

    public Optional<EC2NodeClass> nodeClass(String name) {
        return Optional.ofNullable(nodeClasses.getStore().getByKey(name));
    }

    public List<NodeClaim> nodeClaims() {
        return nodeClaims.getStore().list();
    }

    public Optional<NodeClaim> nodeClaim(String name) {
        return Optional.ofNullable(nodeClaims.getStore().getByKey(name));
    }

    public List<Node> nodes() {
        return nodes.getStore().list();
    }

    /** Non-terminal pods bound to the node. */
    public List<Pod> podsOn(String nodeName) {
        return pods.getIndexer().byIndex(BY_NODE, nodeName).stream()
            .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase())))
            .toList();
    }

    /**
     * True when the pod informer already sees this pod (same uid) bound to a node. Its {@code kk.pods.pending} record
     * is then stale (the tombstone is on its way): the pod counts on its node, and deciding for it too would buy its
     * room twice.
     */
    public boolean isBound(PodRef ref) {
        Pod pod = pods.getStore().getByKey(ref.namespace() + "/" + ref.name());
        return pod != null && ref.uid().equals(pod.getMetadata().getUid()) && pod.getSpec() != null
            && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }

    /** The EC2NodeClass a NodePool's template refers to, if the NodePool names one and it exists. */
    public Optional<EC2NodeClass> nodeClassOf(NodePool np) {
        var spec = np.getSpec() == null || np.getSpec().getTemplate() == null ? null : np.getSpec().getTemplate().getSpec();
        var ref = spec == null ? null : spec.getNodeClassRef();
        return ref == null ? Optional.empty() : nodeClass(ref.getName());
    }

    public List<DaemonSet> daemonSets() {
        return daemonSets.getStore().list();
    }

    /**
     * The DaemonSet's most recently created pod that is not terminal (Karpenter's cluster state keeps the same), or
     * null when none is known.
     */
    public Pod newestPodOf(DaemonSet ds) {
        String uid = ds.getMetadata().getUid();
        if (uid == null) {
            return null;
        }
        return pods.getIndexer().byIndex(BY_DAEMONSET, uid).stream()
            .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase())))
            .max(Comparator.comparing((Pod p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(p -> p.getMetadata().getName()))
            .orElse(null);
    }

    private static Optional<OwnerReference> daemonSetController(Pod pod) {
        if (pod.getMetadata() == null || pod.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return pod.getMetadata().getOwnerReferences().stream()
            .filter(r -> Boolean.TRUE.equals(r.getController()) && "DaemonSet".equals(r.getKind()) && r.getUid() != null)
            .findFirst();
    }

    KubernetesClient client() {
        return client;
    }
}
