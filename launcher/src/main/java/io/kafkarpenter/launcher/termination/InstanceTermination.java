package io.kafkarpenter.launcher.termination;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The last step of a termination (karpenter-core §4.5, §5.13 step 6): TerminateInstances — only for an instance that
 * carries this cluster's ownership and NodePool tags — then {@code InstanceTerminating=True} on the NodeClaim, and
 * "gone" once EC2 reports it {@code shutting-down} or {@code terminated} (or no longer knows it). Idempotent: an
 * instance already shutting down is not terminated again ({@code karpenter_nodeclaims_terminated_total} is counted
 * when the NodeClaim's finalizer is removed, in {@link Termination}).
 */
@ApplicationScoped
public class InstanceTermination {

    private static final Logger LOG = Logger.getLogger(InstanceTermination.class);

    private final FleetLauncher fleet;
    private final KubeState kube;
    private final LauncherConfig config;
    private final LauncherEvents events;
    private final io.kafkarpenter.launcher.LauncherMetrics metrics;

    InstanceTermination(FleetLauncher fleet, KubeState kube, LauncherConfig config, LauncherEvents events,
                        io.kafkarpenter.launcher.LauncherMetrics metrics) {
        this.fleet = fleet;
        this.kube = kube;
        this.config = config;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Terminates the instance if it is still live and ours; true once it is gone (shutting down, terminated,
     * unknown to EC2, or not this cluster's: then it is never touched and the termination goes on without it).
     * {@code nodeClaim} (may be null) gets {@code InstanceTerminating=True}.
     */
    public boolean gone(String instanceId, String nodeClaim, String nodePool) {
        Optional<Instance> instance = fleet.describeInstance(instanceId);
        boolean stopping = instance.map(FleetLauncher::shuttingDownOrTerminated).orElse(true);
        if (instance.isPresent() && !stopping) {
            if (!Tags.ownedBy(instance.get().tags(), config.clusterName())) {
                LOG.warnf("instance %s lacks cluster %s's ownership tags: not terminated", instanceId, config.clusterName());
                return true;
            }
            metrics.cloudProvider("Delete", () -> fleet.terminateIfOwned(instanceId, config.clusterName()));
            LOG.infof("instance %s (NodeClaim %s): TerminateInstances sent", instanceId, nodeClaim);
        }
        if (nodeClaim != null) {
            kube.updateNodeClaimStatus(nodeClaim, nc -> NodeClaimConditions.set(nc,
                NodeClaimConditions.INSTANCE_TERMINATING, "True", NodeClaimConditions.INSTANCE_TERMINATING, "",
                events.now()));
        }
        return stopping;
    }
}
