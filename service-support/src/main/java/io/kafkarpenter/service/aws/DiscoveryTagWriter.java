package io.kafkarpenter.service.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryResourceType;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.model.discovery.TagChange;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Writes a plan's {@link TagChange}s: EC2 {@code CreateTags} (tag and marker in the same call) and {@code DeleteTags}
 * with each tag's value, so only that exact value is deleted; EKS {@code TagResource} / {@code UntagResource} on the
 * cluster ARN. In dry-run mode nothing is written and every change is reported as {@link Result#DRY_RUN}.
 */
public final class DiscoveryTagWriter {

    private final Ec2Client ec2;
    private final EksClient eks;
    private final boolean dryRun;

    public DiscoveryTagWriter(Ec2Client ec2, EksClient eks, boolean dryRun) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.eks = Objects.requireNonNull(eks, "eks");
        this.dryRun = dryRun;
    }

    public boolean dryRun() {
        return dryRun;
    }

    /** What happened to one change. */
    public enum Result { WRITTEN, DRY_RUN, FAILED }

    /**
     * One change's outcome.
     *
     * @param error the AWS error code and message when {@link Result#FAILED}, else null
     */
    public record Outcome(ResourceVerdict resource, TagChange change, Result result, String error) {
    }

    /**
     * Writes every change of {@code plan} in order, telling {@code each} about every outcome as it happens. An error
     * that is about one resource (not authorized, not found, tag limit) is that change's {@link Result#FAILED} and
     * the others go on; a transient one (throttling, 5xx, no answer) propagates, after {@code each} heard of the
     * changes already written.
     */
    public List<Outcome> apply(DiscoveryPlan plan, Consumer<Outcome> each) {
        List<Outcome> outcomes = new ArrayList<>();
        for (ResourceVerdict r : plan.changes()) {
            TagChange change = r.change().orElseThrow();
            Outcome outcome;
            if (dryRun) {
                outcome = new Outcome(r, change, Result.DRY_RUN, null);
            } else {
                try {
                    write(change);
                    outcome = new Outcome(r, change, Result.WRITTEN, null);
                } catch (SdkException e) {
                    if (AwsErrors.isTransient(e)) {
                        throw e;
                    }
                    outcome = new Outcome(r, change, Result.FAILED, AwsErrors.describe(e));
                }
            }
            outcomes.add(outcome);
            each.accept(outcome);
        }
        return outcomes;
    }

    private void write(TagChange change) {
        boolean create = change.operation() == TagChange.Operation.CREATE;
        if (change.type() == DiscoveryResourceType.CLUSTER) {
            if (create) {
                eks.tagResource(r -> r.resourceArn(change.resourceId()).tags(change.tags()));
            } else {
                eks.untagResource(r -> r.resourceArn(change.resourceId()).tagKeys(change.tags().keySet()));
            }
            return;
        }
        List<Tag> tags = change.tags().entrySet().stream()
            .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
        if (create) {
            ec2.createTags(r -> r.resources(change.resourceId()).tags(tags));
        } else {
            ec2.deleteTags(r -> r.resources(change.resourceId()).tags(tags));
        }
    }
}
