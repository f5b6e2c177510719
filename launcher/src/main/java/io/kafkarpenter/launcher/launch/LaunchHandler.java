package io.kafkarpenter.launcher.launch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.launcher.ec2.FleetLauncher.FleetError;
import io.kafkarpenter.launcher.ec2.FleetLauncher.LaunchedInstance;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Verdict;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonCategory;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;
import io.kafkarpenter.launcher.ec2.LaunchTemplates;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader.LaunchInputs;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.kube.KubeState;

/**
 * Handles one launch request, idempotently (see DESIGN.md): re-validate against the live NodePool and EC2NodeClass,
 * reserve the capacity under the NodePool's limits by creating the NodeClaim object, find or launch its one
 * instance with CreateFleet (failing over on insufficient capacity), then record it on the NodeClaim and publish
 * LAUNCHED. Must be called while the request's partition is owned ({@link PartitionOwnership#whileOwning}).
 */
@ApplicationScoped
public class LaunchHandler {

    private static final Logger LOG = Logger.getLogger(LaunchHandler.class);
    public static final String UNREGISTERED_TAINT = "karpenter.sh/unregistered";

    private final KubeState kube;
    private final LauncherConfig config;
    private final InstanceTypeCatalog catalog;
    private final NodeClassStatusReader nodeClasses;
    private final FleetOverrides fleetOverrides;
    private final LaunchTemplates launchTemplates;
    private final FleetLauncher fleet;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    private final UnlaunchedClaims unlaunched;
    private final NodeClaimEvents kubeEvents;
    private volatile java.util.function.Consumer<NodeClaimLaunch> afterReservation = launch -> { };

    LaunchHandler(KubeState kube, LauncherConfig config, InstanceTypeCatalog catalog, NodeClassStatusReader nodeClasses,
                  FleetOverrides fleetOverrides, LaunchTemplates launchTemplates, FleetLauncher fleet,
                  LauncherEvents events, LauncherMetrics metrics, UnlaunchedClaims unlaunched,
                  NodeClaimEvents kubeEvents) {
        this.kubeEvents = kubeEvents;
        this.kube = kube;
        this.config = config;
        this.catalog = catalog;
        this.nodeClasses = nodeClasses;
        this.fleetOverrides = fleetOverrides;
        this.launchTemplates = launchTemplates;
        this.fleet = fleet;
        this.events = events;
        this.metrics = metrics;
        this.unlaunched = unlaunched;
    }

    public void handle(NodeClaimLaunch launch) {
        java.time.Duration age = java.time.Duration.between(launch.createdAt(), events.now());
        metrics.requestAge(age);
        LOG.debugf("NodeClaim %s: decision taken up %d ms after it was made", launch.nodeClaimName(), age.toMillis());
        handle(launch, false);
    }

    /**
     * {@code readLive}: read the NodeClaim from the API server even when the informer does not know it. A first
     * delivery (the common case) needs no read: the NodeClaim is created, and a 409 (a concurrent or earlier delivery
     * created it, the informer has not seen it yet) comes back here with {@code readLive}. An expired decision is
     * read live too: a NodeClaim an earlier delivery created in time is finished, otherwise nothing is done.
     */
    private void handle(NodeClaimLaunch launch, boolean readLive) {
        String name = launch.nodeClaimName();
        Instant expiry = expiry(launch);
        boolean expired = !events.now().isBefore(expiry);
        Optional<NodeClaim> existing = readLive || expired || kube.nodeClaimCached(name).isPresent()
            ? kube.nodeClaimNow(name) : Optional.empty();
        if (existing.isPresent() && existing.get().getStatus() != null && existing.get().getStatus().getProviderID() != null) {
            LOG.infof("NodeClaim %s already launched as %s: nothing to do", name, existing.get().getStatus().getProviderID());
            metrics.request("duplicate");
            return;
        }
        if (existing.isPresent() && "False".equals(NodeClaimConditions.status(existing.get(), NodeClaimConditions.LAUNCHED))) {
            LOG.infof("NodeClaim %s already failed to launch: nothing to do", name);
            metrics.request("duplicate");
            return;
        }
        if (existing.isPresent() && existing.get().getMetadata().getDeletionTimestamp() != null) {
            LOG.infof("NodeClaim %s is being deleted: not launched", name);
            metrics.request("duplicate");
            return;
        }
        if (existing.isEmpty() && expired) {
            expired(launch, expiry);
            return;
        }
        Optional<NodePool> pool = kube.nodePool(launch.nodePool());
        if (pool.isEmpty()) {
            refuse(launch, Reason.NODEPOOL_INVALID.format(launch.nodePool(), "NodePool not found"));
            return;
        }
        Optional<EC2NodeClass> nodeClass = kube.nodeClass(launch.nodeClassRef().name());
        Optional<String> unusable = nodeClass.flatMap(nodeClasses::unusable);
        if (nodeClass.isEmpty() || unusable.isPresent()) {
            // the informer may lag behind a class that just became Ready: read it live before saying no
            nodeClass = kube.nodeClassNow(launch.nodeClassRef().name());
            unusable = nodeClass.isEmpty() ? Optional.of("EC2NodeClass not found") : nodeClasses.unusable(nodeClass.get());
        }
        if (unusable.isPresent()) {
            ReasonMessage why = Reason.NODECLASS_NOT_READY.format(launch.nodeClassRef().name(), unusable.get());
            if (existing.isPresent()) {
                // reserved by an earlier delivery: adopt its instance if it launched one, else withdraw the reservation
                Optional<LaunchedInstance> found = fleet.findByNodeClaim(name, config.clusterName());
                if (found.isPresent()) {
                    launched(launch, existing.get(), found.get());
                } else {
                    fail(launch, existing.get(), why, true);
                }
            } else {
                refuse(launch, why);
            }
            return;
        }
        Verdict verdict = LaunchAdmission.check(launch, pool.get(), catalog);
        if (!verdict.admitted()) {
            refuse(launch, verdict.refusal());
            return;
        }
        List<Candidate> candidates = verdict.candidates();
        NodeClaim claim;
        if (existing.isPresent()) {
            // a previous delivery reserved it and stopped before launching: it is counted already, go on launching
            claim = existing.get();
            Set<String> reserved = Set.copyOf(reservedTypes(claim));
            candidates = candidates.stream().filter(c -> reserved.isEmpty() || reserved.contains(c.instanceType())).toList();
        } else {
            Optional<List<Candidate>> withinLimits = withinLimits(launch, pool.get(), candidates);
            if (withinLimits.isEmpty()) {
                return;
            }
            candidates = withinLimits.get();
            Optional<NodeClaim> created = create(launch, pool.get(), nodeClass.get(), candidates);
            if (created.isEmpty()) {
                if (readLive) {
                    throw new IllegalStateException("NodeClaim " + name + " exists (409 on create) but cannot be read");
                }
                handle(launch, true); // it exists already: decide again on what the API server has
                return;
            }
            afterReservation.accept(launch);
            if (!stillWithinLimits(launch, pool.get())) {
                return;
            }
            claim = created.get();
        }
        launch(launch, claim, nodeClass.get(), candidates, existing.isPresent());
    }

    /** The candidates whose instance type still fits the NodePool's limits; empty (after refusing) when none does. */
    private Optional<List<Candidate>> withinLimits(NodeClaimLaunch launch, NodePool pool, List<Candidate> candidates) {
        ResourceList limits = NodePoolLimits.limits(pool);
        if (limits.isEmpty()) {
            return Optional.of(candidates);
        }
        ResourceList usage = NodePoolLimits.usage(kube.nodeClaimsOfNow(launch.nodePool()), catalog);
        if (isReplacement(launch)) {
            // Karpenter's rule for a disruption's replacement: it is created unless the NodePool is already over its
            // limits; the node it replaces still counts until it is gone (the planner gave its capacity back)
            if (!usage.anyExceeds(limits)) {
                return Optional.of(candidates);
            }
            String resource = limits.asMilliMap().keySet().stream().filter(k -> usage.milli(k) > limits.milli(k))
                .findFirst().orElse("cpu");
            refuse(launch, Reason.NODEPOOL_LIMIT_REACHED.format(launch.nodePool(), resource,
                pool.getSpec().getLimits().get(resource)));
            return Optional.empty();
        }
        List<Candidate> fitting = candidates.stream().filter(c -> NodePoolLimits.fits(c.type(), usage, limits)).toList();
        if (fitting.isEmpty()) {
            InstanceType smallest = candidates.get(0).type();
            List<String> exceeded = NodePoolLimits.exceeded(smallest, usage, limits);
            String resource = exceeded.isEmpty() ? "cpu" : exceeded.get(0);
            refuse(launch, Reason.NODEPOOL_LIMIT_REACHED.format(launch.nodePool(), resource,
                pool.getSpec().getLimits().get(resource)));
            return Optional.empty();
        }
        return Optional.of(fitting);
    }

    /**
     * A disruption's replacement (its reason is a disruption reason: UNDERUTILIZED, DRIFTED, ...). A forged record
     * claiming to be one can put a NodePool over its limits by one NodeClaim at most: the next is refused.
     */
    static boolean isReplacement(NodeClaimLaunch launch) {
        return launch.reason().category() == ReasonCategory.DISRUPTION;
    }

    /** Tests only: runs right after a reservation is written, to play a concurrent writer. */
    public void afterReservation(java.util.function.Consumer<NodeClaimLaunch> hook) {
        this.afterReservation = hook == null ? launch -> { } : hook;
    }

    /**
     * The fence behind partition ownership (DESIGN.md): with the reservation written, the NodePool's NodeClaims are
     * listed again; if they now exceed a limit, some other writer reserved concurrently (a zombie owner), and this
     * reservation is withdrawn and the request refused. Of two racing reservations the later reader always sees
     * both, so at worst both withdraw — never both stay.
     */
    private boolean stillWithinLimits(NodeClaimLaunch launch, NodePool pool) {
        ResourceList limits = NodePoolLimits.limits(pool);
        if (limits.isEmpty() || isReplacement(launch)) {
            return true;
        }
        ResourceList usage = NodePoolLimits.usage(kube.nodeClaimsOfNow(launch.nodePool()), catalog);
        if (!usage.anyExceeds(limits)) {
            return true;
        }
        kube.client().resources(NodeClaim.class).withName(launch.nodeClaimName()).delete();
        String resource = limits.asMilliMap().keySet().stream().filter(k -> usage.milli(k) > limits.milli(k))
            .findFirst().orElse("cpu");
        LOG.warnf("NodeClaim %s: a concurrent reservation put NodePool %s over its %s limit; withdrawn",
            launch.nodeClaimName(), launch.nodePool(), resource);
        refuse(launch, Reason.NODEPOOL_LIMIT_REACHED.format(launch.nodePool(), resource,
            pool.getSpec().getLimits().get(resource)));
        return false;
    }

    /** Creates the NodeClaim with its status (the reservation); empty when it exists already (409). */
    private Optional<NodeClaim> create(NodeClaimLaunch launch, NodePool pool, EC2NodeClass nodeClass,
                                       List<Candidate> candidates) {
        List<String> types = candidates.stream().map(Candidate::instanceType).distinct().toList();
        NodeClaim claim = NodeClaimFactory.forLaunch(launch, pool, nodeClass, types, events.now());
        var conditions = claim.getStatus();
        claim.setStatus(null);
        try {
            NodeClaim created = kube.client().resources(NodeClaim.class).resource(claim).create();
            created.setStatus(conditions);
            created = kube.client().resources(NodeClaim.class).resource(created).updateStatus();
            metrics.nodeClaimCreated(launch.nodePool(), reasonLabel(launch.reason()));
            if (isReplacement(launch)) {
                kubeEvents.disruptionLaunching(created, launch.reason());
            }
            LOG.infof("created NodeClaim %s (%d instance types)", launch.nodeClaimName(), types.size());
            return Optional.of(created);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * {@code mayHaveInstance}: the NodeClaim existed before this delivery, so an earlier one may have launched its
     * instance and stopped before writing the status: look for it first. A NodeClaim this delivery just created has
     * none (and CreateFleet's ClientToken makes a repeated call return the same instance anyway).
     */
    private void launch(NodeClaimLaunch launch, NodeClaim claim, EC2NodeClass nodeClass, List<Candidate> initial,
                        boolean mayHaveInstance) {
        String name = launch.nodeClaimName();
        Optional<LaunchedInstance> found = mayHaveInstance ? fleet.findByNodeClaim(name, config.clusterName())
            : Optional.empty();
        if (found.isPresent()) {
            LOG.infof("NodeClaim %s: instance %s already exists, adopting it", name, found.get().instanceId());
            launched(launch, claim, found.get());
            return;
        }
        // everything from the class's status (its readiness was checked before the reservation)
        LaunchInputs inputs = nodeClasses.read(nodeClass);
        List<Candidate> remaining = new ArrayList<>(initial);
        List<FleetError> lastErrors = List.of();
        while (!remaining.isEmpty()) {
            Map<String, SubnetStatus> subnets = nodeClasses.zonalSubnets(inputs);
            remaining.removeIf(c -> !subnets.containsKey(c.zone()));
            if (remaining.isEmpty()) {
                break;
            }
            String capacityType = remaining.stream().anyMatch(c -> c.capacityType().equals(Labels.CAPACITY_TYPE_SPOT))
                ? Labels.CAPACITY_TYPE_SPOT : Labels.CAPACITY_TYPE_ON_DEMAND;
            List<FleetLauncher.Override> overrides = fleetOverrides.of(launch, nodeClass, inputs, subnets, remaining,
                capacityType);
            if (overrides.isEmpty()) {
                break;
            }
            FleetLauncher.Outcome outcome;
            try {
                outcome = metrics.cloudProvider("Create", () -> fleet.createFleet(name, capacityType, overrides,
                    Tags.launchTags(nodeClass.getSpec().getTags(), config.clusterName(), launch.nodePool(),
                        nodeClass.getMetadata().getName(), name)));
            } catch (Ec2Exception e) {
                String code = LaunchTemplates.code(e);
                metrics.cloudProviderError("Create", code);
                if ("RequestLimitExceeded".equals(code) || e.statusCode() >= 500) {
                    throw e; // transient, after the SDK's own retries: the record is retried in place (same ClientToken)
                }
                Reason reason = switch (code == null ? "" : code) {
                    case "UnauthorizedOperation", "AuthFailure" -> Reason.UNAUTHORIZED;
                    default -> Reason.LAUNCH_FAILED;
                };
                fail(launch, claim, reason.format(code + ": " + e.awsErrorDetails().errorMessage()), false);
                return;
            } catch (SdkException e) {
                metrics.cloudProviderError("Create", e.getClass().getSimpleName());
                if (e instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                    throw e; // no answer (connection, timeout): transient, retried in place
                }
                fail(launch, claim, Reason.LAUNCH_FAILED.format(e.getMessage()), false);
                return;
            }
            lastErrors = outcome.errors();
            outcome.errors().stream().filter(e -> "InsufficientFreeAddressesInSubnet".equals(e.code()))
                .forEach(e -> nodeClasses.exhausted(e.subnetId()));
            markUnavailable(outcome.errors(), remaining);
            if (outcome.instance().isPresent()) {
                launched(launch, claim, outcome.instance().get());
                return;
            }
            Optional<FleetError> terminal = outcome.errors().stream().filter(e -> !e.unfulfillable()
                && !"InvalidLaunchTemplateName.NotFoundException".equals(e.code())).findFirst();
            if (terminal.isPresent()) {
                metrics.cloudProviderError("Create", terminal.get().code());
                fail(launch, claim, Reason.LAUNCH_FAILED.format(terminal.get().code() + ": " + terminal.get().message()), false);
                return;
            }
            if (outcome.errors().stream().anyMatch(e -> "InvalidLaunchTemplateName.NotFoundException".equals(e.code()))) {
                overrides.forEach(o -> launchTemplates.forget(o.launchTemplate()));
                continue;
            }
            if (outcome.errors().isEmpty()) {
                break;
            }
        }
        String detail = lastErrors.isEmpty() ? "no offering left" : lastErrors.stream().map(FleetError::code).distinct().toList().toString();
        fail(launch, claim, Reason.INSUFFICIENT_CAPACITY.format(detail), true);
    }

    /** Publishes each ICE'd offering on kk.offerings.unavailable and drops it from the remaining candidates. */
    private void markUnavailable(List<FleetError> errors, List<Candidate> remaining) {
        Set<String> marked = new LinkedHashSet<>();
        for (FleetError e : errors) {
            if (!e.unfulfillable() || e.instanceType() == null || e.zone() == null) {
                continue;
            }
            if (!marked.add(e.instanceType() + "/" + e.zone() + "/" + e.capacityType())) {
                continue;
            }
            metrics.cloudProviderError("Create", e.code());
            metrics.unavailableOffering();
            Instant now = events.now();
            events.unavailable(new UnavailableOffering(e.instanceType(), e.zone(), e.capacityType(),
                Reason.INSUFFICIENT_CAPACITY, e.code() + ": " + e.message(), now, now.plus(config.unavailableOfferingsTtl())));
            remaining.removeIf(c -> c.instanceType().equals(e.instanceType()) && c.zone().equals(e.zone())
                && c.capacityType().equals(e.capacityType()));
        }
        // a fleet that reports ICE without naming the offering: drop every candidate of the tried capacity type
        if (marked.isEmpty() && !errors.isEmpty() && errors.stream().allMatch(FleetError::unfulfillable)) {
            String ct = errors.get(0).capacityType();
            remaining.removeIf(c -> c.capacityType().equals(ct));
        }
    }

    /** Records the instance on the NodeClaim (providerID, labels, capacity, Launched=True) and publishes LAUNCHED. */
    private void launched(NodeClaimLaunch launch, NodeClaim claim, LaunchedInstance instance) {
        Instant now = events.now();
        Optional<InstanceType> type = catalog.find(instance.instanceType());
        kube.client().resources(NodeClaim.class).withName(claim.getMetadata().getName()).edit(nc -> {
            Map<String, String> labels = new LinkedHashMap<>(nc.getMetadata().getLabels());
            labels.put(Labels.INSTANCE_TYPE, instance.instanceType());
            labels.put(Labels.ZONE, instance.zone());
            labels.put(Labels.CAPACITY_TYPE, instance.capacityType());
            type.ifPresent(t -> t.labels().forEach(labels::putIfAbsent));
            nc.getMetadata().setLabels(labels);
            return nc;
        });
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
    private void fail(NodeClaimLaunch launch, NodeClaim claim, ReasonMessage why, boolean delete) {
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
     * max-launch-ttl} (distrust the topic: a record may be forged).
     */
    public Instant expiry(NodeClaimLaunch launch) {
        Instant cap = launch.createdAt().plus(config.maxLaunchTtl());
        return launch.expiresAt().isAfter(cap) ? cap : launch.expiresAt();
    }

    /**
     * A decision that reached the launcher after its lifetime: nothing is created or launched, and FAILED with
     * {@link Reason#LAUNCH_EXPIRED} tells its producer, which may already have decided again for its pods.
     */
    private void expired(NodeClaimLaunch launch, Instant expiry) {
        ReasonMessage why = Reason.LAUNCH_EXPIRED.format(expiry);
        metrics.request("expired");
        unlaunched.record(launch.nodeClaimName(), why, events.now());
        events.decision(launch.decisionId(), launch.nodePool(), launch.nodeClaimName(), why, "launch not attempted: ");
        events.status(launch.nodeClaimName(), launch.nodePool(), NodeClaimPhase.FAILED, null, null, launch.decisionId(), why);
        LOG.warnf("NodeClaim %s not launched: %s (decided %s, taken up %d s later)", launch.nodeClaimName(), why.text(),
            launch.createdAt(), java.time.Duration.between(launch.createdAt(), events.now()).toSeconds());
    }

    /** A request refused before anything was created or launched. */
    private void refuse(NodeClaimLaunch launch, ReasonMessage why) {
        metrics.request("refused");
        unlaunched.record(launch.nodeClaimName(), why, events.now());
        events.decision(launch.decisionId(), launch.nodePool(), launch.nodeClaimName(), why, "launch refused: ");
        events.status(launch.nodeClaimName(), launch.nodePool(), NodeClaimPhase.FAILED, null, null, launch.decisionId(), why);
        LOG.warnf("NodeClaim %s refused: %s", launch.nodeClaimName(), why.text());
    }

    private static List<String> reservedTypes(NodeClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getRequirements() == null) {
            return List.of();
        }
        return claim.getSpec().getRequirements().stream()
            .filter(r -> Labels.INSTANCE_TYPE.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null)
            .findFirst().map(r -> r.getValues()).orElse(List.of());
    }

    private static Map<String, Quantity> quantities(ResourceList resources) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        resources.format().forEach((k, v) -> out.put(k, new Quantity(v)));
        return out;
    }

    private static String reasonLabel(Reason reason) {
        return reason == Reason.SCHEDULED_NEW_NODECLAIM ? "provisioned" : reason.code().toLowerCase();
    }
}
