package io.kafkarpenter.consolidator.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.consolidator.snapshot.ClusterObjects;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.quarkus.runtime.ShutdownEvent;

/**
 * What the consolidator knows of the cluster, from fabric8 informers on Nodes, Pods, PodDisruptionBudgets
 * (policy/v1), NodeClaims, NodePools, EC2NodeClasses and DaemonSets, started when this replica becomes the active
 * one. Every add, delete and changed object bumps {@link #generation()}: the loop runs a pass when it moved.
 */
@ApplicationScoped
public class ClusterInformers {

    private static final Logger LOG = Logger.getLogger(ClusterInformers.class);

    private final KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    private SharedIndexInformer<NodePool> nodePools;
    private SharedIndexInformer<EC2NodeClass> nodeClasses;
    private SharedIndexInformer<NodeClaim> nodeClaims;
    private SharedIndexInformer<Node> nodes;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<DaemonSet> daemonSets;
    private SharedIndexInformer<PodDisruptionBudget> pdbs;

    ClusterInformers(KubernetesClient client) {
        this.client = client;
    }

    /** Starts watching (when this replica becomes the active one). */
    public synchronized void start() {
        if (!informers.isEmpty()) {
            return;
        }
        nodePools = watch(client.resources(NodePool.class).inform(changes(), 0));
        nodeClasses = watch(client.resources(EC2NodeClass.class).inform(changes(), 0));
        nodeClaims = watch(client.resources(NodeClaim.class).inform(changes(), 0));
        nodes = watch(client.nodes().inform(changes(), 0));
        pods = watch(client.pods().inAnyNamespace().inform(changes(), 0));
        daemonSets = watch(client.apps().daemonSets().inAnyNamespace().inform(changes(), 0));
        pdbs = watch(client.policy().v1().podDisruptionBudget().inAnyNamespace().inform(changes(), 0));
        LOG.info("watching NodePools, EC2NodeClasses, NodeClaims, Nodes, Pods, DaemonSets and PodDisruptionBudgets");
    }

    void stop(@Observes ShutdownEvent ignored) {
        informers.forEach(SharedIndexInformer::close);
    }

    private <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> changes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                generation.incrementAndGet();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (!java.util.Objects.equals(oldObj.getMetadata().getResourceVersion(),
                    newObj.getMetadata().getResourceVersion())) {
                    generation.incrementAndGet();
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                generation.incrementAndGet();
            }
        };
    }

    /** True once every informer has listed its objects. */
    public boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Bumped by every change the informers see. */
    public long generation() {
        return generation.get();
    }

    /** Everything the informers hold now. */
    public ClusterObjects objects() {
        return new ClusterObjects(nodePools.getStore().list(), nodeClasses.getStore().list(),
            nodeClaims.getStore().list(), nodes.getStore().list(), pods.getStore().list(),
            daemonSets.getStore().list(), pdbs.getStore().list());
    }

    public Optional<NodeClaim> nodeClaim(String name) {
        return Optional.ofNullable(nodeClaims.getStore().getByKey(name));
    }

    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.getStore().getByKey(name));
    }

    public Optional<NodePool> nodePool(String name) {
        return Optional.ofNullable(nodePools.getStore().getByKey(name));
    }

    public boolean nodeExists(String name) {
        return nodes.getStore().getByKey(name) != null || nodeClaims.getStore().getByKey(name) != null;
    }
}
