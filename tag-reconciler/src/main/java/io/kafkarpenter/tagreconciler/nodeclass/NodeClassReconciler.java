package io.kafkarpenter.tagreconciler.nodeclass;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.kafkarpenter.model.crd.AmiSelectorTerm;
import io.kafkarpenter.model.crd.AmiStatus;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.EC2NodeClassStatus;
import io.kafkarpenter.model.crd.validation.EC2NodeClassValidator;
import io.kafkarpenter.model.crd.validation.Violation;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.service.ec2.AmiResolver;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.tagreconciler.TagReconcilerDecisions;
import io.kafkarpenter.tagreconciler.aws.AwsApis;
import io.kafkarpenter.tagreconciler.aws.ClusterVersion;
import io.kafkarpenter.tagreconciler.discovery.DiscoveryTagReconciler;
import io.kafkarpenter.tagreconciler.instanceprofile.InstanceProfiles;
import io.kafkarpenter.tagreconciler.kube.KubeInformers;
import io.kafkarpenter.tagreconciler.kube.KubeWrites;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One EC2NodeClass reconciled (DESIGN.md, "EC2NodeClass status"): its metadata (the finalizer when it has
 * {@code spec.role}, the {@code ec2nodeclass-hash} annotations), its instance profile, its selector terms resolved,
 * its status written when it differs (read-modify-write of the status subresource), a NODECLASS_READY /
 * NODECLASS_NOT_READY record when its Ready condition changed. A class being deleted waits for its NodeClaims, then
 * loses its instance profile and the finalizer. Transient AWS and Kubernetes errors propagate (the loop retries).
 */
@ApplicationScoped
public class NodeClassReconciler {

    private static final Logger LOG = Logger.getLogger(NodeClassReconciler.class);

    /** What one reconcile did. */
    public enum Outcome { RECONCILED, GONE, WAITING_FOR_NODECLAIMS, FINALIZED }

    private final TagReconcilerConfig config;
    private final KubeWrites kube;
    private final KubeInformers informers;
    private final SelectorResolver selectors;
    private final InstanceProfiles profiles;
    private final DiscoveryTagReconciler discovery;
    private final ClusterVersion version;
    private final AwsApis aws;
    private final TagReconcilerDecisions decisions;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, String> waitingLogged = new java.util.concurrent.ConcurrentHashMap<>();

    NodeClassReconciler(TagReconcilerConfig config, KubeWrites kube, KubeInformers informers, SelectorResolver selectors,
                        InstanceProfiles profiles, DiscoveryTagReconciler discovery, ClusterVersion version, AwsApis aws,
                        TagReconcilerDecisions decisions, MeterRegistry registry) {
        this.config = config;
        this.kube = kube;
        this.informers = informers;
        this.selectors = selectors;
        this.profiles = profiles;
        this.discovery = discovery;
        this.version = version;
        this.aws = aws;
        this.decisions = decisions;
        this.registry = registry;
    }

    public Outcome reconcile(String name) {
        Optional<EC2NodeClass> found = kube.nodeClass(name);
        if (found.isEmpty()) {
            waitingLogged.remove(name);
            return Outcome.GONE;
        }
        EC2NodeClass c = found.get();
        if (c.getMetadata().getDeletionTimestamp() != null) {
            return finalizeDeleted(c);
        }
        c = ensureMetadata(c).orElse(null);
        if (c == null) {
            return Outcome.GONE;
        }
        Resolution r = resolve(c);
        writeStatus(c, r);
        return Outcome.RECONCILED;
    }

    private Optional<EC2NodeClass> ensureMetadata(EC2NodeClass c) {
        String hash = DriftHashes.nodeClass(c);
        boolean wantsFinalizer = c.getSpec() != null && c.getSpec().getRole() != null;
        return kube.updateNodeClass(c.getMetadata().getName(), live -> {
            if (!Objects.equals(live.getMetadata().getGeneration(), c.getMetadata().getGeneration())) {
                return false; // changed meanwhile: the informer brings it back
            }
            boolean changed = false;
            Map<String, String> annotations = new LinkedHashMap<>(live.getMetadata().getAnnotations() == null
                ? Map.of() : live.getMetadata().getAnnotations());
            changed |= !hash.equals(annotations.put(DriftHashes.NODECLASS_HASH, hash));
            changed |= !DriftHashes.NODECLASS_VERSION.equals(
                annotations.put(DriftHashes.NODECLASS_HASH_VERSION, DriftHashes.NODECLASS_VERSION));
            live.getMetadata().setAnnotations(annotations);
            List<String> finalizers = new ArrayList<>(live.getMetadata().getFinalizers() == null ? List.of()
                : live.getMetadata().getFinalizers());
            if (wantsFinalizer && !finalizers.contains(EC2NodeClassConditions.FINALIZER)) {
                finalizers.add(EC2NodeClassConditions.FINALIZER);
                live.getMetadata().setFinalizers(finalizers);
                changed = true;
            }
            return changed;
        });
    }

    private Resolution resolve(EC2NodeClass c) {
        var subnets = selectors.subnets(c);
        var groups = selectors.securityGroups(c);
        List<AmiStatus> amis = List.of();
        String amiProblem = null;
        try {
            amis = new AmiResolver(aws.ec2()).statuses(c, version.get(), clock.instant());
        } catch (IllegalArgumentException e) {
            amiProblem = e.getMessage();
        }
        List<AmiSelectorTerm> amiTerms = c.getSpec().getAmiSelectorTerms() == null ? List.of()
            : c.getSpec().getAmiSelectorTerms();
        List<String> amiTermText = new ArrayList<>();
        for (int i = 0; i < amiTerms.size(); i++) {
            AmiSelectorTerm t = amiTerms.get(i);
            amiTermText.add("amiSelectorTerms[" + i + "] {" + Stream.of(
                    t.getAlias() == null ? null : "alias: " + t.getAlias(), t.getId() == null ? null : "id: " + t.getId(),
                    t.getName() == null ? null : "name: " + t.getName(), t.getOwner() == null ? null : "owner: " + t.getOwner(),
                    t.getTags() == null ? null : "tags: " + t.getTags())
                .filter(Objects::nonNull).reduce((a, b) -> a + "; " + b).orElse("") + "}");
        }
        String profile = null;
        String profileReason = null;
        String profileMessage = null;
        try {
            if (c.getSpec().getRole() != null) {
                var ensured = profiles.ensure(c);
                profile = ensured.name();
                if (ensured.created()) {
                    registry.counter("kafkarpenter.tagreconciler.instance.profiles", "action", "created").increment();
                    decisions.publish("nodeclass/" + c.getMetadata().getName(),
                        List.of(Subject.ec2NodeClass(c.getMetadata().getName()),
                            Subject.awsResource("InstanceProfile", profile)),
                        Reason.INSTANCE_PROFILE_CREATED.format(profile, c.getSpec().getRole(), c.getMetadata().getName()),
                        Correlation.NONE);
                }
            } else if (c.getSpec().getInstanceProfile() != null) {
                profiles.verify(c.getSpec().getInstanceProfile());
                profile = c.getSpec().getInstanceProfile();
            } else {
                profileReason = "InstanceProfileNotFound";
                profileMessage = "neither spec.role nor spec.instanceProfile is set";
            }
        } catch (InstanceProfiles.NotReady e) {
            profileReason = e.reason();
            profileMessage = e.getMessage();
        }
        List<String> violations = EC2NodeClassValidator.validate(c).stream()
            .map(v -> v.fieldPath() + ": " + v.message()).toList();
        String key = config.discoveryTagKey();
        boolean byDiscovery = c.getSpec().getSubnetSelectorTerms() != null && c.getSpec().getSubnetSelectorTerms().stream()
            .anyMatch(t -> t.getTags() != null && t.getTags().containsKey(key))
            || c.getSpec().getSecurityGroupSelectorTerms() != null && c.getSpec().getSecurityGroupSelectorTerms().stream()
            .anyMatch(t -> t.getTags() != null && t.getTags().containsKey(key));
        return new Resolution(subnets, groups, amis, amiTermText, amiProblem, profile, profileReason, profileMessage,
            violations, discovery.lastReport().conflicts(), byDiscovery);
    }

    private void writeStatus(EC2NodeClass resolved, Resolution r) {
        String name = resolved.getMetadata().getName();
        Instant now = clock.instant();
        Condition[] before = new Condition[1];
        EC2NodeClassStatus[] written = new EC2NodeClassStatus[1];
        kube.updateNodeClassStatus(name, live -> {
            if (!Objects.equals(live.getMetadata().getGeneration(), resolved.getMetadata().getGeneration())
                || live.getMetadata().getDeletionTimestamp() != null) {
                return false; // the spec changed meanwhile: resolved again on its informer event
            }
            EC2NodeClassStatus desired = NodeClassStatusBuilder.build(live, r, now);
            if (NodeClassStatusBuilder.sameStatus(live.getStatus(), desired)) {
                return false;
            }
            before[0] = EC2NodeClassConditions.find(live, EC2NodeClassConditions.READY).orElse(null);
            live.setStatus(desired);
            written[0] = desired;
            return true;
        });
        if (written[0] == null) {
            return;
        }
        registry.counter("kafkarpenter.tagreconciler.nodeclass.status.writes").increment();
        Condition ready = written[0].getConditions().stream()
            .filter(x -> EC2NodeClassConditions.READY.equals(x.getType())).findFirst().orElseThrow();
        LOG.debugf("EC2NodeClass %s: status written (Ready=%s %s)", name, ready.getStatus(), ready.getMessage());
        if (before[0] != null && Objects.equals(before[0].getStatus(), ready.getStatus())
            && Objects.equals(before[0].getMessage(), ready.getMessage())) {
            return;
        }
        boolean isReady = "True".equals(ready.getStatus());
        var why = isReady
            ? Reason.NODECLASS_READY.format(name, r.subnets().items().size() + " subnets, "
                + r.securityGroups().items().size() + " security groups, " + r.amis().size() + " AMIs, instance profile "
                + r.instanceProfile())
            : Reason.NODECLASS_NOT_READY.format(name, ready.getMessage());
        LOG.infof("%s", why.text());
        decisions.publish("nodeclass/" + name, List.of(Subject.ec2NodeClass(name)), why, Correlation.NONE);
    }

    private Outcome finalizeDeleted(EC2NodeClass c) {
        String name = c.getMetadata().getName();
        if (c.getMetadata().getFinalizers() == null
            || !c.getMetadata().getFinalizers().contains(EC2NodeClassConditions.FINALIZER)) {
            return Outcome.GONE;
        }
        int claims = informers.nodeClaimsOf(name).size();
        if (claims > 0) {
            if (waitingLogged.put(name, "") == null) {
                LOG.infof("EC2NodeClass %s is being deleted: waiting for its %d NodeClaims", name, claims);
            }
            return Outcome.WAITING_FOR_NODECLAIMS;
        }
        waitingLogged.remove(name);
        if (profiles.delete(c)) {
            String profile = profiles.nameOf(c);
            registry.counter("kafkarpenter.tagreconciler.instance.profiles", "action", "deleted").increment();
            decisions.publish("nodeclass/" + name, List.of(Subject.ec2NodeClass(name),
                Subject.awsResource("InstanceProfile", profile)),
                Reason.INSTANCE_PROFILE_DELETED.format(profile, name), Correlation.NONE);
        }
        kube.updateNodeClass(name, live -> live.getMetadata().getFinalizers() != null
            && live.getMetadata().getFinalizers().remove(EC2NodeClassConditions.FINALIZER));
        LOG.infof("EC2NodeClass %s: finalizer removed", name);
        return Outcome.FINALIZED;
    }
}
