package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Deployment's reconciliation: the ReplicaSet of its current pod template ({@code <name>-<pod-template-hash>},
 * controller owner reference, the template's labels plus {@code pod-template-hash} on the ReplicaSet, its selector
 * and its template) holds all its replicas; ReplicaSets of earlier templates are scaled to 0 at the same time.
 * That is a "recreate without waiting" rollout, not the rolling update's surge/unavailable steps: a template change
 * ({@code kubectl set resources}) replaces every pod at once. The status (replicas, updatedReplicas, readyReplicas,
 * availableReplicas, the Available and Progressing conditions) is summed from the ReplicaSets' statuses.
 */
final class DeploymentSync {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentSync.class);
    static final String REVISION = "deployment.kubernetes.io/revision";

    private final KubernetesClient client;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final Clock clock;

    DeploymentSync(KubernetesClient client, SharedIndexInformer<ReplicaSet> replicaSets, Clock clock) {
        this.client = client;
        this.replicaSets = replicaSets;
        this.clock = clock;
    }

    void sync(Deployment d) {
        if (d.getMetadata().getDeletionTimestamp() != null || d.getSpec() == null || d.getSpec().getTemplate() == null) {
            return;
        }
        String hash = PodTemplateHash.of(d.getSpec().getTemplate());
        List<ReplicaSet> owned = replicaSets.getIndexer().byIndex(Owners.BY_CONTROLLER_UID, d.getMetadata().getUid());
        ReplicaSet current = owned.stream().filter(rs -> hash.equals(labels(rs).get(PodTemplateHash.LABEL)))
                .findFirst().orElse(null);
        int want = replicas(d);
        if (current == null) {
            create(d, hash, want, owned);
        } else if (ReplicaSetSync.replicas(current) != want) {
            scale(current, want);
        }
        for (ReplicaSet old : owned) {
            if (old != current && ReplicaSetSync.replicas(old) != 0) {
                scale(old, 0);
            }
        }
        writeStatus(d, current, owned, want);
    }

    /** The Deployment is gone: its ReplicaSets go too (and their pods with them). */
    void deleted(Deployment d) {
        for (ReplicaSet rs : replicaSets.getIndexer().byIndex(Owners.BY_CONTROLLER_UID, d.getMetadata().getUid())) {
            client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                    .delete();
        }
    }

    static int replicas(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private void create(Deployment d, String hash, int replicas, List<ReplicaSet> owned) {
        Map<String, String> labels = withHash(d.getSpec().getTemplate().getMetadata() == null ? null
                : d.getSpec().getTemplate().getMetadata().getLabels(), hash);
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate())
                .editOrNewMetadata().withLabels(labels).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector())
                .addToMatchLabels(PodTemplateHash.LABEL, hash).build();
        int revision = 1 + owned.stream().mapToInt(DeploymentSync::revision).max().orElse(0);
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
                    .withNamespace(d.getMetadata().getNamespace()).withLabels(labels)
                    .addToAnnotations(REVISION, Integer.toString(revision))
                    .withOwnerReferences(Owners.controllerRef("Deployment", d))
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withSelector(selector).withTemplate(template).endSpec()
                .build();
        try {
            client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace()).resource(rs).create();
            LOG.info("Deployment {}: ReplicaSet {} created with {} replica(s) (revision {})", Owners.key(d),
                    rs.getMetadata().getName(), replicas, revision);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // made by an earlier sync the informer has not shown yet
        }
    }

    private void scale(ReplicaSet rs, int replicas) {
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
        LOG.info("ReplicaSet {} scaled to {}", Owners.key(rs), replicas);
    }

    private void writeStatus(Deployment d, ReplicaSet current, List<ReplicaSet> owned, int want) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        for (ReplicaSet rs : owned) {
            if (rs.getStatus() != null) {
                replicas += orZero(rs.getStatus().getReplicas());
                ready += orZero(rs.getStatus().getReadyReplicas());
                available += orZero(rs.getStatus().getAvailableReplicas());
            }
        }
        int updated = current == null || current.getStatus() == null ? 0 : orZero(current.getStatus().getReplicas());
        String rsName = d.getMetadata().getName() + "-" + PodTemplateHash.of(d.getSpec().getTemplate());
        boolean minimumAvailable = available >= want;
        boolean complete = updated == want && available == want && replicas == want;
        DeploymentStatus previous = d.getStatus();
        List<DeploymentCondition> conditions = List.of(
                condition(previous, "Available", minimumAvailable,
                        minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                        minimumAvailable ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability."),
                condition(previous, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                        complete ? "ReplicaSet \"" + rsName + "\" has successfully progressed."
                                : "ReplicaSet \"" + rsName + "\" is progressing."));
        DeploymentStatus status = new DeploymentStatusBuilder().withReplicas(replicas).withUpdatedReplicas(updated)
                .withReadyReplicas(ready).withAvailableReplicas(available)
                .withUnavailableReplicas(Math.max(0, want - available))
                .withObservedGeneration(d.getMetadata().getGeneration()).withConditions(conditions).build();
        if (previous != null && Objects.equals(previous.getReplicas(), status.getReplicas())
                && Objects.equals(previous.getUpdatedReplicas(), status.getUpdatedReplicas())
                && Objects.equals(previous.getReadyReplicas(), status.getReadyReplicas())
                && Objects.equals(previous.getAvailableReplicas(), status.getAvailableReplicas())
                && Objects.equals(previous.getUnavailableReplicas(), status.getUnavailableReplicas())
                && Objects.equals(previous.getObservedGeneration(), status.getObservedGeneration())
                && Objects.equals(previous.getConditions(), conditions)) {
            return;
        }
        StatusWrites.patch(client, client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName()), status);
    }

    /** A condition, keeping the previous one (and its times) when neither status, reason nor message changed. */
    private DeploymentCondition condition(DeploymentStatus previous, String type, boolean status, String reason,
                                          String message) {
        String value = status ? "True" : "False";
        if (previous != null && previous.getConditions() != null) {
            for (DeploymentCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && value.equals(c.getStatus()) && reason.equals(c.getReason())
                        && message.equals(c.getMessage())) {
                    return c;
                }
            }
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return new DeploymentConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastUpdateTime(now).withLastTransitionTime(now).build();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static int revision(ReplicaSet rs) {
        String r = rs.getMetadata().getAnnotations() == null ? null : rs.getMetadata().getAnnotations().get(REVISION);
        try {
            return r == null ? 0 : Integer.parseInt(r);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> labels(ReplicaSet rs) {
        return rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
    }

    static Map<String, String> withHash(Map<String, String> labels, String hash) {
        Map<String, String> out = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        out.put(PodTemplateHash.LABEL, hash);
        return out;
    }
}
