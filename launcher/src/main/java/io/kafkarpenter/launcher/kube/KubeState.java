package io.kafkarpenter.launcher.kube;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.service.kube.ReadModifyWrite;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.requirements.Labels;
import io.quarkus.runtime.Startup;

/**
 * The launcher's view of the cluster: informers on NodePools, EC2NodeClasses, NodeClaims and Nodes (Nodes indexed
 * by providerID). Decisions that need the newest state (NodeClaims counted against limits, the NodeClaim of a
 * request) read the API server directly instead; the caches serve validation and the lifecycle loop.
 */
@Startup
@ApplicationScoped
public class KubeState {

    private static final String BY_PROVIDER_ID = "providerID";
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final SharedIndexInformer<NodePool> nodePools;
    private final SharedIndexInformer<EC2NodeClass> nodeClasses;
    private final SharedIndexInformer<NodeClaim> nodeClaims;
    private final SharedIndexInformer<Node> nodes;

    KubeState(KubernetesClient client) {
        this.client = client;
        this.nodePools = client.resources(NodePool.class).inform();
        this.nodeClasses = client.resources(EC2NodeClass.class).inform();
        this.nodeClaims = client.resources(NodeClaim.class).inform();
        this.nodes = client.nodes().runnableInformer(0);
        this.nodes.addIndexers(Map.of(BY_PROVIDER_ID, node -> node.getSpec() == null || node.getSpec().getProviderID() == null
            ? List.of() : List.of(node.getSpec().getProviderID())));
        this.nodes.start();
    }

    public KubernetesClient client() {
        return client;
    }

    /** The NodePool from the informer, else straight from the API server (the informer may not have it yet). */
    public Optional<NodePool> nodePool(String name) {
        NodePool cached = nodePools.getStore().getByKey(name);
        return Optional.ofNullable(cached != null ? cached : client.resources(NodePool.class).withName(name).get());
    }

    public Optional<EC2NodeClass> nodeClass(String name) {
        EC2NodeClass cached = nodeClasses.getStore().getByKey(name);
        return Optional.ofNullable(cached != null ? cached : client.resources(EC2NodeClass.class).withName(name).get());
    }

    /** The EC2NodeClass straight from the API server (the informer may lag behind a status change). */
    public Optional<EC2NodeClass> nodeClassNow(String name) {
        return Optional.ofNullable(client.resources(EC2NodeClass.class).withName(name).get());
    }

    /** The NodeClaim as the informer has it (it may lag behind the API server). */
    public Optional<NodeClaim> nodeClaimCached(String name) {
        return Optional.ofNullable(nodeClaims.getStore().getByKey(name));
    }

    /** The NodeClaim as the API server has it now. */
    public Optional<NodeClaim> nodeClaimNow(String name) {
        return Optional.ofNullable(client.resources(NodeClaim.class).withName(name).get());
    }

    /** A NodePool's NodeClaims as the API server has them now (a quorum read, not a cache). */
    public List<NodeClaim> nodeClaimsOfNow(String nodePool) {
        return client.resources(NodeClaim.class).withLabel(Labels.NODEPOOL, nodePool).list().getItems();
    }

    public List<NodeClaim> cachedNodeClaims() {
        return nodeClaims.getStore().list();
    }

    public List<Node> nodesWithProviderId(String providerId) {
        return nodes.getIndexer().byIndex(BY_PROVIDER_ID, providerId);
    }

    public List<Node> cachedNodes() {
        return nodes.getStore().list();
    }

    /** The Node as the API server has it now. */
    public Optional<Node> nodeNow(String name) {
        return Optional.ofNullable(client.nodes().withName(name).get());
    }

    /**
     * Read-modify-write of a NodeClaim's metadata/spec with its {@code resourceVersion} (optimistic lock), retried on
     * a 409 conflict. {@code change} edits the live object in memory and says whether it changed anything; nothing
     * is written otherwise. Empty when the NodeClaim is gone.
     */
    public Optional<NodeClaim> updateNodeClaim(String name, Predicate<NodeClaim> change) {
        return ReadModifyWrite.apply(() -> client.resources(NodeClaim.class).withName(name).get(), change,
            nc -> client.resources(NodeClaim.class).resource(nc).update(), CONFLICT_RETRIES);
    }

    /** Like {@link #updateNodeClaim} for the status subresource (conditions, providerID, nodeName). */
    public Optional<NodeClaim> updateNodeClaimStatus(String name, Predicate<NodeClaim> change) {
        return ReadModifyWrite.apply(() -> client.resources(NodeClaim.class).withName(name).get(), change,
            nc -> client.resources(NodeClaim.class).resource(nc).updateStatus(), CONFLICT_RETRIES);
    }

    /** Like {@link #updateNodeClaim} for a Node. */
    public Optional<Node> updateNode(String name, Predicate<Node> change) {
        return ReadModifyWrite.apply(() -> client.nodes().withName(name).get(), change,
            n -> client.nodes().resource(n).update(), CONFLICT_RETRIES);
    }


    public boolean synced() {
        return nodePools.hasSynced() && nodeClasses.hasSynced() && nodeClaims.hasSynced() && nodes.hasSynced();
    }

    @PreDestroy
    public void stop() {
        nodePools.close();
        nodeClasses.close();
        nodeClaims.close();
        nodes.close();
    }
}
