package io.kafkarpenter.launcher.lifecycle;

import java.time.Instant;
import java.util.HashSet;
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
 * NodePool tags, older than {@code garbage-collection-min-age}, that no NodeClaim claims — neither by its
 * {@code karpenter.sh/nodeclaim} tag nor by providerID — is terminated (e.g. its NodeClaim was deleted by hand).
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
        Set<String> claimNames = new HashSet<>();
        Set<String> providerIds = new HashSet<>();
        for (NodeClaim claim : kube.client().resources(NodeClaim.class).list().getItems()) {
            claimNames.add(claim.getMetadata().getName());
            if (claim.getStatus() != null && claim.getStatus().getProviderID() != null) {
                providerIds.add(claim.getStatus().getProviderID());
            }
        }
        Instant cutoff = events.now().minus(config.garbageCollectionMinAge());
        for (Instance instance : instances) {
            String pool = tag(instance, Tags.NODEPOOL).orElse(null);
            String claim = tag(instance, Tags.NODECLAIM).orElse(null);
            String zone = instance.placement() == null ? "" : instance.placement().availabilityZone();
            boolean claimed = (claim != null && claimNames.contains(claim))
                || providerIds.contains("aws:///" + zone + "/" + instance.instanceId());
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
