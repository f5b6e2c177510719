package io.kafkarpenter.launcher.launch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.FleetLauncher.FleetError;
import io.kafkarpenter.launcher.ec2.FleetLauncher.LaunchedInstance;
import io.kafkarpenter.launcher.ec2.FleetLauncher.TaggedInstance;
import io.kafkarpenter.launcher.ec2.LaunchTemplates;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader.LaunchInputs;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * Steps 5–7 of a launch request (launcher DESIGN.md): find the instance an earlier delivery launched, else launch one
 * through the {@link FleetBatcher} (merged with identical launches), failing over on insufficient capacity, and
 * record the outcome ({@link LaunchOutcomes}). Runs outside the NodePool's reservation lock, many at once.
 */
@ApplicationScoped
public class InstanceLauncher {

    private static final Logger LOG = Logger.getLogger(InstanceLauncher.class);

    private final KubeState kube;
    private final LauncherConfig config;
    private final NodeClassStatusReader nodeClasses;
    private final FleetOverrides fleetOverrides;
    private final LaunchTemplates launchTemplates;
    private final FleetLauncher fleet;
    private final FleetBatcher fleetBatcher;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    private final LaunchOutcomes outcomes;
    private volatile Consumer<String> afterFleetAnswer = name -> { };

    InstanceLauncher(KubeState kube, LauncherConfig config, NodeClassStatusReader nodeClasses, FleetOverrides fleetOverrides,
                     LaunchTemplates launchTemplates, FleetLauncher fleet, FleetBatcher fleetBatcher, LauncherEvents events,
                     LauncherMetrics metrics, LaunchOutcomes outcomes) {
        this.kube = kube;
        this.config = config;
        this.nodeClasses = nodeClasses;
        this.fleetOverrides = fleetOverrides;
        this.launchTemplates = launchTemplates;
        this.fleet = fleet;
        this.fleetBatcher = fleetBatcher;
        this.events = events;
        this.metrics = metrics;
        this.outcomes = outcomes;
    }

    /**
     * Tests only: runs in each member's thread right after its CreateFleet answered, before anything is recorded — a
     * hook that throws plays a crash between the answer and the status writes.
     */
    public void afterFleetAnswer(Consumer<String> hook) {
        this.afterFleetAnswer = hook == null ? name -> { } : hook;
    }

    /**
     * {@code mayHaveInstance}: the NodeClaim existed before this delivery, so an earlier one may have launched its
     * instance and stopped before writing the status: look for it first. A NodeClaim this delivery just created has
     * none (and CreateFleet's ClientToken makes a repeated call return the same instance anyway).
     */
    public void launch(NodeClaimLaunch launch, NodeClaim claim, EC2NodeClass nodeClass, List<Candidate> initial,
                       boolean mayHaveInstance) {
        String name = launch.nodeClaimName();
        Optional<LaunchedInstance> found = mayHaveInstance ? findExisting(claim, launch.nodePool()) : Optional.empty();
        if (found.isPresent()) {
            LOG.infof("NodeClaim %s: instance %s already exists, adopting it", name, found.get().instanceId());
            outcomes.launched(launch, claim, found.get());
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
            FleetBatcher.Result outcome;
            try {
                outcome = fleetBatcher.launch(name, new FleetBatcher.FleetInput(capacityType, overrides,
                    Tags.launchTags(nodeClass.getSpec().getTags(), config.clusterName(), launch.nodePool(),
                        nodeClass.getMetadata().getName(), null)));
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
                outcomes.fail(launch, claim, reason.format(code + ": " + e.awsErrorDetails().errorMessage()), false);
                return;
            } catch (SdkException e) {
                metrics.cloudProviderError("Create", e.getClass().getSimpleName());
                if (e instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                    throw e; // no answer (connection, timeout): transient, retried in place
                }
                outcomes.fail(launch, claim, Reason.LAUNCH_FAILED.format(e.getMessage()), false);
                return;
            }
            afterFleetAnswer.accept(name);
            if (outcome.tooFew()) {
                // left over in a merged call with no error to say why: retried in place; the redelivery looks for
                // the batch's instances first (DESIGN.md, "Batched CreateFleet")
                throw new IllegalStateException("NodeClaim " + name + ": too few instances returned by CreateFleet "
                    + outcome.batchId());
            }
            lastErrors = outcome.errors();
            outcome.errors().stream().filter(e -> "InsufficientFreeAddressesInSubnet".equals(e.code()))
                .forEach(e -> nodeClasses.exhausted(e.subnetId()));
            markUnavailable(outcome.reporter() ? outcome.errors() : List.of(), remaining, outcome.errors());
            if (outcome.instance().isPresent()) {
                outcomes.launched(launch, claim, outcome.instance().get());
                return;
            }
            Optional<FleetError> terminal = outcome.errors().stream().filter(e -> !e.unfulfillable()
                && !"InvalidLaunchTemplateName.NotFoundException".equals(e.code())).findFirst();
            if (terminal.isPresent()) {
                metrics.cloudProviderError("Create", terminal.get().code());
                outcomes.fail(launch, claim, Reason.LAUNCH_FAILED.format(terminal.get().code() + ": " + terminal.get().message()), false);
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
        outcomes.fail(launch, claim, Reason.INSUFFICIENT_CAPACITY.format(detail), true);
    }

    /**
     * The instance an earlier delivery launched for this NodeClaim: the one its {@code karpenter.sh/nodeclaim} tag names
     * (a call of its own), else — if it was a member of a merged CreateFleet (its {@code kafkarpenter.io/launch-batch}
     * annotation) — the batch instance {@link LaunchBatches#assign} gives it among the batch's instances and members
     * that nothing claims yet (no NodeClaim's providerID, no other NodeClaim's tag).
     */
    public Optional<LaunchedInstance> findExisting(NodeClaim claim, String nodePool) {
        String name = claim.getMetadata().getName();
        Optional<LaunchedInstance> tagged = fleet.findByNodeClaim(name, config.clusterName());
        String batch = claim.getMetadata().getAnnotations() == null ? null
            : claim.getMetadata().getAnnotations().get(Tags.LAUNCH_BATCH);
        if (tagged.isPresent() || batch == null) {
            return tagged;
        }
        List<TaggedInstance> instances = fleet.findByBatch(batch, config.clusterName());
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        List<NodeClaim> claims = kube.nodeClaimsOfNow(nodePool);
        Set<String> names = new HashSet<>();
        Set<String> recorded = new HashSet<>();
        List<String> members = new ArrayList<>();
        for (NodeClaim c : claims) {
            names.add(c.getMetadata().getName());
            String providerId = c.getStatus() == null ? null : c.getStatus().getProviderID();
            if (providerId != null) {
                recorded.add(providerId.substring(providerId.lastIndexOf('/') + 1));
            } else if (c.getMetadata().getAnnotations() != null
                && batch.equals(c.getMetadata().getAnnotations().get(Tags.LAUNCH_BATCH))) {
                members.add(c.getMetadata().getName());
            }
        }
        Map<String, LaunchedInstance> free = new LinkedHashMap<>();
        for (TaggedInstance i : instances) {
            boolean taggedForAnother = i.nodeClaim() != null && !i.nodeClaim().equals(name) && names.contains(i.nodeClaim());
            if (!recorded.contains(i.instance().instanceId()) && !taggedForAnother) {
                free.put(i.instance().instanceId(), i.instance());
            }
        }
        if (!members.contains(name)) {
            members.add(name);
        }
        return Optional.ofNullable(LaunchBatches.assign(members, new ArrayList<>(free.keySet())).get(name)).map(free::get);
    }

    /**
     * Drops each ICE'd offering from the remaining candidates, and publishes the {@code reported} ones on
     * kk.offerings.unavailable.
     */
    private void markUnavailable(List<FleetError> reported, List<Candidate> remaining, List<FleetError> errors) {
        Set<String> marked = new LinkedHashSet<>();
        for (FleetError e : errors) {
            if (!e.unfulfillable() || e.instanceType() == null || e.zone() == null) {
                continue;
            }
            if (!marked.add(e.instanceType() + "/" + e.zone() + "/" + e.capacityType())) {
                continue;
            }
            if (reported.contains(e)) {
                // a merged call's errors are published by one of its members, not by each
                metrics.cloudProviderError("Create", e.code());
                metrics.unavailableOffering();
                Instant now = events.now();
                events.unavailable(new UnavailableOffering(e.instanceType(), e.zone(), e.capacityType(),
                    Reason.INSUFFICIENT_CAPACITY, e.code() + ": " + e.message(), now, now.plus(config.unavailableOfferingsTtl())));
            }
            remaining.removeIf(c -> c.instanceType().equals(e.instanceType()) && c.zone().equals(e.zone())
                && c.capacityType().equals(e.capacityType()));
        }
        // a fleet that reports ICE without naming the offering: drop every candidate of the tried capacity type
        if (marked.isEmpty() && !errors.isEmpty() && errors.stream().allMatch(FleetError::unfulfillable)) {
            String ct = errors.get(0).capacityType();
            remaining.removeIf(c -> c.capacityType().equals(ct));
        }
    }

}
