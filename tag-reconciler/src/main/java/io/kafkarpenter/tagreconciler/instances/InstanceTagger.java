package io.kafkarpenter.tagreconciler.instances;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.tagreconciler.TagReconcilerDecisions;
import io.kafkarpenter.tagreconciler.aws.AwsApis;
import io.kafkarpenter.service.aws.AwsErrors;
import io.kafkarpenter.tagreconciler.kube.KubeWrites;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Karpenter's post-registration tagging (karpenter-aws §3.2) for one NodeClaim: a live NodeClaim (read from the API
 * server) with {@code status.nodeName}, not being deleted and not yet annotated {@code karpenter.k8s.aws/tagged}; its
 * instance is the one of its {@code status.providerID} (a status record's instance id is only a hint and must match);
 * DescribeInstances first; an instance without {@code kubernetes.io/cluster/<cluster>=owned} and
 * {@code karpenter.sh/nodepool} is refused (INSTANCE_TAG_REFUSED, once per NodeClaim and instance); keys already on
 * the instance are dropped (a user's {@code Name} wins); what is left goes in one CreateTags (INSTANCE_TAGGED); then
 * the NodeClaim is annotated {@code karpenter.k8s.aws/tagged=true} and
 * {@code compatibility.karpenter.k8s.aws/cluster-name-tagged=true}. Killed between CreateTags and the annotation, the
 * next attempt finds the keys present, writes nothing and annotates.
 */
@ApplicationScoped
public class InstanceTagger {

    private static final Logger LOG = Logger.getLogger(InstanceTagger.class);

    /** What one attempt did; {@code wroteTags}: a CreateTags was sent (the loop then waits instance-tag-interval). */
    public enum Outcome { TAGGED, ANNOTATED_ONLY, REFUSED, NOT_NEEDED }

    private final TagReconcilerConfig config;
    private final KubeWrites kube;
    private final AwsApis aws;
    private final TagReconcilerDecisions decisions;
    private final MeterRegistry registry;
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    InstanceTagger(TagReconcilerConfig config, KubeWrites kube, AwsApis aws, TagReconcilerDecisions decisions,
                   MeterRegistry registry) {
        this.config = config;
        this.kube = kube;
        this.aws = aws;
        this.decisions = decisions;
        this.registry = registry;
    }

    /** Whether this (cached) NodeClaim looks like it needs its instance tagged. */
    public static boolean needsTagging(NodeClaim c) {
        if (c.getMetadata().getDeletionTimestamp() != null || c.getStatus() == null
            || c.getStatus().getNodeName() == null || c.getStatus().getProviderID() == null) {
            return false;
        }
        Map<String, String> annotations = c.getMetadata().getAnnotations();
        return annotations == null || !"true".equals(annotations.get(AwsTagKeys.TAGGED_ANNOTATION));
    }

    /** {@code aws:///us-east-1a/i-0abc} → {@code i-0abc}. */
    public static Optional<String> instanceId(String providerId) {
        if (providerId == null || !providerId.startsWith("aws://")) {
            return Optional.empty();
        }
        String id = providerId.substring(providerId.lastIndexOf('/') + 1);
        return id.startsWith("i-") ? Optional.of(id) : Optional.empty();
    }

    public Outcome tag(String nodeClaimName, String instanceIdHint) {
        Optional<NodeClaim> live = kube.nodeClaim(nodeClaimName);
        if (live.isEmpty() || !needsTagging(live.get())) {
            return Outcome.NOT_NEEDED;
        }
        NodeClaim claim = live.get();
        Optional<String> fromProvider = instanceId(claim.getStatus().getProviderID());
        if (fromProvider.isEmpty()) {
            return Outcome.NOT_NEEDED;
        }
        String instanceId = fromProvider.get();
        if (instanceIdHint != null && !instanceIdHint.equals(instanceId)) {
            LOG.warnf("NodeClaim %s: status record names instance %s, its providerID %s; only %s is considered",
                nodeClaimName, instanceIdHint, instanceId, instanceId);
        }
        Instance instance;
        try {
            instance = aws.ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().stream()
                .flatMap(r -> r.instances().stream()).findFirst().orElse(null);
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) {
                return Outcome.NOT_NEEDED;
            }
            throw e;
        }
        if (instance == null || instance.state() != null && (instance.state().name() == InstanceStateName.TERMINATED
            || instance.state().name() == InstanceStateName.SHUTTING_DOWN)) {
            return Outcome.NOT_NEEDED;
        }
        Map<String, String> have = new LinkedHashMap<>();
        instance.tags().forEach(t -> have.put(t.key(), t.value()));
        String cluster = config.clusterName();
        if (!"owned".equals(have.get(AwsTagKeys.CLUSTER_OWNED_PREFIX + cluster)) || !have.containsKey(AwsTagKeys.NODEPOOL)) {
            refuse(nodeClaimName, instanceId, "it does not carry " + AwsTagKeys.CLUSTER_OWNED_PREFIX + cluster
                + "=owned and " + AwsTagKeys.NODEPOOL + " (not launched by this cluster's Kafkarpenter)");
            return Outcome.REFUSED;
        }
        Map<String, String> want = new LinkedHashMap<>();
        want.put(AwsTagKeys.NAME, claim.getStatus().getNodeName());
        want.put(AwsTagKeys.NODECLAIM, nodeClaimName);
        want.put(AwsTagKeys.EKS_CLUSTER_NAME, cluster);
        have.keySet().forEach(want::remove);
        boolean wrote = false;
        if (!want.isEmpty()) {
            List<Tag> tags = want.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
            aws.ec2().createTags(r -> r.resources(instanceId).tags(tags));
            wrote = true;
            registry.counter("kafkarpenter.tagreconciler.instances.tagged").increment();
            LOG.infof("instance %s of NodeClaim %s tagged %s", instanceId, nodeClaimName, want);
            decisions.publish("instance/" + instanceId, List.of(Subject.nodeClaim(nodeClaimName),
                Subject.awsResource("Instance", instanceId)),
                Reason.INSTANCE_TAGGED.format(instanceId, nodeClaimName, want), Correlation.NONE.withNodeClaim(nodeClaimName));
        }
        kube.annotateNodeClaim(nodeClaimName, Map.of(AwsTagKeys.TAGGED_ANNOTATION, "true",
            AwsTagKeys.CLUSTER_NAME_TAGGED_ANNOTATION, "true"));
        refused.remove(nodeClaimName);
        return wrote ? Outcome.TAGGED : Outcome.ANNOTATED_ONLY;
    }

    private void refuse(String nodeClaimName, String instanceId, String why) {
        if (instanceId.equals(refused.put(nodeClaimName, instanceId))) {
            return; // said already
        }
        registry.counter("kafkarpenter.tagreconciler.instances.refused").increment();
        LOG.warnf("instance %s of NodeClaim %s not tagged: %s", instanceId, nodeClaimName, why);
        decisions.publish("instance/" + instanceId, List.of(Subject.nodeClaim(nodeClaimName),
            Subject.awsResource("Instance", instanceId)),
            Reason.INSTANCE_TAG_REFUSED.format(instanceId, nodeClaimName, why), Correlation.NONE.withNodeClaim(nodeClaimName));
    }

    /** Forgets a NodeClaim that is gone. */
    public void forget(String nodeClaimName) {
        refused.remove(nodeClaimName);
    }
}
