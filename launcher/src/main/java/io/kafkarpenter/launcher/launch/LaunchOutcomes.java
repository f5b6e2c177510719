package io.kafkarpenter.launcher.launch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.launcher.ec2.FleetLauncher.LaunchedInstance;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;

/**
 * How a launch request ends, written and published the same way whichever step ends it: LAUNCHED (the instance on
 * the NodeClaim), FAILED (NodeClaim deleted or {@code Launched=False}), refused or expired before anything was
 * created — each with its {@code kk.nodeclaims.status} and {@code kk.decisions} records.
 */
@ApplicationScoped
public class LaunchOutcomes {

    private static final Logger LOG = Logger.getLogger(LaunchOutcomes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubeState kube;
    private final InstanceTypeCatalog catalog;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    private final UnlaunchedClaims unlaunched;
    private final NodeClaimEvents kubeEvents;

    LaunchOutcomes(KubeState kube, InstanceTypeCatalog catalog, LauncherEvents events, LauncherMetrics metrics,
                   UnlaunchedClaims unlaunched, NodeClaimEvents kubeEvents) {
        this.kube = kube;
        this.catalog = catalog;
        this.events = events;
        this.metrics = metrics;
        this.unlaunched = unlaunched;
        this.kubeEvents = kubeEvents;
    }

    /** Records the instance on the NodeClaim (providerID, labels, capacity, Launched=True) and publishes LAUNCHED. */
    public void launched(NodeClaimLaunch launch, NodeClaim claim, LaunchedInstance instance) {
        Instant now = events.now();
        Optional<InstanceType> type = catalog.find(instance.instanceType());
        // one JSON merge patch of the labels added (a read-modify-write was a GET and a PATCH per NodeClaim; nothing
        // else writes an unlaunched NodeClaim's labels, so the claim at hand says which type labels are absent)
        Map<String, String> present = claim.getMetadata().getLabels() == null ? Map.of() : claim.getMetadata().getLabels();
        Map<String, String> added = new LinkedHashMap<>();
        added.put(Labels.INSTANCE_TYPE, instance.instanceType());
        added.put(Labels.ZONE, instance.zone());
        added.put(Labels.CAPACITY_TYPE, instance.capacityType());
        type.ifPresent(t -> t.labels().forEach((k, v) -> {
            if (!present.containsKey(k)) {
                added.putIfAbsent(k, v);
            }
        }));
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode labels = patch.putObject("metadata").putObject("labels");
        added.forEach(labels::put);
        kube.client().resources(NodeClaim.class).withName(claim.getMetadata().getName())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        AtomicReference<Map<String, String>> before = new AtomicReference<>();
        NodeClaim after = kube.client().resources(NodeClaim.class).withName(claim.getMetadata().getName()).editStatus(nc -> {
            before.set(NodeClaimEvents.statuses(nc));
            if (nc.getStatus() == null) {
                // created by a delivery that stopped before its status write (updateStatus after create)
                nc.setStatus(new NodeClaimStatus());
            }
            nc.getStatus().setProviderID(instance.providerId());
            nc.getStatus().setImageID(instance.imageId());
            type.ifPresent(t -> {
                nc.getStatus().setCapacity(quantities(t.capacity()));
                nc.getStatus().setAllocatable(quantities(t.allocatable()));
            });
            NodeClaimConditions.set(nc, NodeClaimConditions.LAUNCHED, "True", NodeClaimConditions.LAUNCHED, "", now);
            return nc;
        });
        kubeEvents.transitions(after, before.get());
        metrics.request("launched");
        ReasonMessage why = Reason.LAUNCHED.format(instance.instanceId(), instance.instanceType() + " in "
            + instance.zone() + ", " + instance.capacityType());
        events.status(launch.nodeClaimName(), launch.nodePool(), NodeClaimPhase.LAUNCHED, instance, null,
            launch.decisionId(), why);
        events.decision(launch.decisionId(), launch.nodePool(), launch.nodeClaimName(), why, null);
        LOG.infof("NodeClaim %s launched: %s", launch.nodeClaimName(), why.text());
    }

    /**

     * A launch that cannot succeed. Insufficient capacity and a class that is not Ready delete the NodeClaim
     * (Karpenter's behaviour for insufficient capacity: the provisioner re-plans, without those offerings or once the
     * class is Ready); any other failure leaves it with {@code Launched=False}.
     */
    public void fail(NodeClaimLaunch launch, NodeClaim claim, ReasonMessage why, boolean delete) {
        String name = launch.nodeClaimName();
        if (delete) {
            if (why.reason() == Reason.INSUFFICIENT_CAPACITY) {
                kubeEvents.insufficientCapacity(claim, why.text());
            }
            kube.client().resources(NodeClaim.class).withName(name).delete();
            unlaunched.record(name, why, events.now());
            if (why.reason() == Reason.INSUFFICIENT_CAPACITY) {
                metrics.nodeClaimDisrupted("insufficient_capacity", launch.nodePool(), "");
            }
        } else {
            AtomicReference<Map<String, String>> before = new AtomicReference<>();
            kube.updateNodeClaimStatus(name, nc -> {
                before.set(NodeClaimEvents.statuses(nc));
                NodeClaimConditions.set(nc, NodeClaimConditions.LAUNCHED, "False", why.reason().camelCase(), why.text(), events.now());
                return true;
            }).ifPresent(after -> kubeEvents.transitions(after, before.get()));
        }
        metrics.request("failed");
        events.status(name, launch.nodePool(), NodeClaimPhase.FAILED, null, null, launch.decisionId(), why);
        events.decision(launch.decisionId(), launch.nodePool(), name, why, "launch failed: ");
        LOG.warnf("NodeClaim %s failed to launch: %s", name, why.text());
    }

    /**
     * When the decision stops being valid: its record's {@code expiresAt}, but never later than {@code createdAt +

    /**
     * A decision that reached the launcher after its lifetime: nothing is created or launched, and FAILED with
     * {@link Reason#LAUNCH_EXPIRED} tells its producer, which may already have decided again for its pods.
     */
    public void expired(NodeClaimLaunch launch, Instant expiry) {
        ReasonMessage why = Reason.LAUNCH_EXPIRED.format(expiry);
        metrics.request("expired");
        unlaunched.record(launch.nodeClaimName(), why, events.now());
        events.decision(launch.decisionId(), launch.nodePool(), launch.nodeClaimName(), why, "launch not attempted: ");
        events.status(launch.nodeClaimName(), launch.nodePool(), NodeClaimPhase.FAILED, null, null, launch.decisionId(), why);
        LOG.warnf("NodeClaim %s not launched: %s (decided %s, taken up %d s later)", launch.nodeClaimName(), why.text(),
            launch.createdAt(), java.time.Duration.between(launch.createdAt(), events.now()).toSeconds());
    }

    /** A request refused before anything was created or launched. */
    public void refuse(NodeClaimLaunch launch, ReasonMessage why) {
        metrics.request("refused");
        unlaunched.record(launch.nodeClaimName(), why, events.now());
        events.decision(launch.decisionId(), launch.nodePool(), launch.nodeClaimName(), why, "launch refused: ");
        events.status(launch.nodeClaimName(), launch.nodePool(), NodeClaimPhase.FAILED, null, null, launch.decisionId(), why);
        LOG.warnf("NodeClaim %s refused: %s", launch.nodeClaimName(), why.text());
    }

    private static Map<String, Quantity> quantities(ResourceList resources) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        resources.format().forEach((k, v) -> out.put(k, new Quantity(v)));
        return out;
    }

    /** Refused with {@code NODEPOOL_LIMIT_REACHED} on {@code resource}. */
    public void refuseOnLimit(NodeClaimLaunch launch, NodePool pool, String resource) {
        refuse(launch, Reason.NODEPOOL_LIMIT_REACHED.format(launch.nodePool(), resource,
            pool.getSpec().getLimits().get(resource)));
    }
}
