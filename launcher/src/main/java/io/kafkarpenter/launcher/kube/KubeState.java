package io.kafkarpenter.launcher;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
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

    KubernetesClient client() {
        return client;
    }

    /** The NodePool from the informer, else straight from the API server (the informer may not have it yet). */
    Optional<NodePool> nodePool(String name) {
        NodePool cached = nodePools.getStore().getByKey(name);
        return Optional.ofNullable(cached != null ? cached : client.resources(NodePool.class).withName(name).get());
    }

    Optional<EC2NodeClass> nodeClass(String name) {
        EC2NodeClass cached = nodeClasses.getStore().getByKey(name);
        return Optional.ofNullable(cached != null ? cached : client.resources(EC2NodeClass.class).withName(name).get());
    }

    /** The NodeClaim as the informer has it (it may lag behind the API server). */
    Optional<NodeClaim> nodeClaimCached(String name) {
        return Optional.ofNullable(nodeClaims.getStore().getByKey(name));
    }

    /** The NodeClaim as the API server has it now. */
    Optional<NodeClaim> nodeClaimNow(String name) {
        return Optional.ofNullable(client.resources(NodeClaim.class).withName(name).get());
    }

    /** A NodePool's NodeClaims as the API server has them now (a quorum read, not a cache). */
    List<NodeClaim> nodeClaimsOfNow(String nodePool) {
        return client.resources(NodeClaim.class).withLabel(Labels.NODEPOOL, nodePool).list().getItems();
    }

    List<NodeClaim> cachedNodeClaims() {
        return nodeClaims.getStore().list();
    }

    List<Node> nodesWithProviderId(String providerId) {
        return nodes.getIndexer().byIndex(BY_PROVIDER_ID, providerId);
    }

    boolean synced() {
        return nodePools.hasSynced() && nodeClasses.hasSynced() && nodeClaims.hasSynced() && nodes.hasSynced();
    }

    @PreDestroy
    void stop() {
        nodePools.close();
        nodeClasses.close();
        nodeClaims.close();
        nodes.close();
    }
}
