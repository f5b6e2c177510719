package io.kafkarpenter.launcher.lifecycle;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.crd.NodeClaim;
import io.quarkus.scheduler.Scheduled;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.launch.PartitionOwnership;

/**
 * Karpenter's instance garbage collection (karpenter-aws §1.6): a live instance with this cluster's ownership and
 * NodePool tags, older than {@code garbage-collection-min-age}, that no NodeClaim claims is terminated (e.g. its
 * NodeClaim was deleted by hand). Claimed = a NodeClaim's providerID is the instance; or its
 * {@code karpenter.sh/nodeclaim} tag names a NodeClaim that has no providerID yet (a launch not recorded yet); or it
 * is an instance of a merged CreateFleet whose batch id ({@code kafkarpenter.io/launch-batch} tag) is still on a
 * NodeClaim without providerID (a member that has not recorded its instance yet, e.g. until its redelivery adopts
 * it). An instance tagged for a NodeClaim that recorded another instance is a duplicate, and not claimed.
 * Only for NodePools whose launch partition this replica owns, and NodeClaims are read from the API server, so an
 * instance whose NodeClaim was just created is never taken for an orphan (the NodeClaim exists before the launch).
 */
@ApplicationScoped
public class InstanceGarbageCollector {

    private static final Logger LOG = Logger.getLogger(InstanceGarbageCollector.class);

    private final KubeState kube;
    private final PartitionOwnership ownership;
    private final LauncherConfig config;
    private final FleetLauncher fleet;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;

    InstanceGarbageCollector(KubeState kube, PartitionOwnership ownership, LauncherConfig config, FleetLauncher fleet,
                             LauncherEvents events, LauncherMetrics metrics) {
        this.kube = kube;
        this.ownership = ownership;
        this.config = config;
        this.fleet = fleet;
        this.events = events;
        this.metrics = metrics;
    }

    @Scheduled(every = "${kk.launcher.garbage-collection-interval}", delayed = "10s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void collect() {
        List<Instance> instances = fleet.listOwned(config.clusterName());
        if (instances.isEmpty()) {
            return;
        }
        Map<String, String> instanceIdByClaim = new HashMap<>();
        Set<String> instanceIds = new HashSet<>();
        Set<String> pendingBatches = new HashSet<>();
        for (NodeClaim claim : kube.client().resources(NodeClaim.class).list().getItems()) {
            String providerId = claim.getStatus() == null ? null : claim.getStatus().getProviderID();
            String instanceId = providerId == null ? "" : providerId.substring(providerId.lastIndexOf('/') + 1);
            instanceIdByClaim.put(claim.getMetadata().getName(), instanceId);
            if (providerId != null) {
                instanceIds.add(instanceId);
            } else if (claim.getMetadata().getAnnotations() != null
                && claim.getMetadata().getAnnotations().get(Tags.LAUNCH_BATCH) != null) {
                pendingBatches.add(claim.getMetadata().getAnnotations().get(Tags.LAUNCH_BATCH));
            }
        }
        Instant cutoff = events.now().minus(config.garbageCollectionMinAge());
        for (Instance instance : instances) {
            String pool = tag(instance, Tags.NODEPOOL).orElse(null);
            String claim = tag(instance, Tags.NODECLAIM).orElse(null);
            String batch = tag(instance, Tags.LAUNCH_BATCH).orElse(null);
            boolean claimed = instanceIds.contains(instance.instanceId())
                || (claim != null && "".equals(instanceIdByClaim.get(claim)))
                || (batch != null && claim == null && pendingBatches.contains(batch));
            boolean young = instance.launchTime() != null && instance.launchTime().isAfter(cutoff);
            if (claimed || young || !ownership.ownsNodePool(pool)) {
                continue;
            }
            if (fleet.terminateIfOwned(instance.instanceId(), config.clusterName())) {
                metrics.nodeClaimDisrupted("garbage_collected", pool, instance.instanceLifecycle() == null
                    ? "on-demand" : instance.instanceLifecycleAsString());
                LOG.infof("instance %s (NodePool %s, NodeClaim %s) has no NodeClaim: terminated", instance.instanceId(),
                    pool, claim);
            }
        }
    }

    private static Optional<String> tag(Instance instance, String key) {
        return instance.tags().stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
    }
}
