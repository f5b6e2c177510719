package io.kafkarpenter.tagreconciler.discovery;

import java.net.URI;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryResourceType;
import io.kafkarpenter.model.discovery.DiscoverySelection;
import io.kafkarpenter.model.discovery.DiscoveryVerdict;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.service.aws.DiscoveryTagWriter;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Outcome;
import io.kafkarpenter.service.aws.DiscoveryTags;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.tagreconciler.TagReconcilerDecisions;
import io.kafkarpenter.tagreconciler.aws.AwsApis;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * The workshop's §1.7, kept correct: the discovery tag ({@code kk.tag-reconciler.discovery-tag-key} = cluster name) on
 * the EKS cluster, its selected subnets ({@code subnets}) and security groups ({@code security-groups}). One pass
 * reads AWS (service-support {@code DiscoveryInventoryReader}), plans with common-model's {@code DiscoveryPlanner}
 * (the rules: add with marker, restore, never touch what Kafkarpenter did not write, report conflicts, remove from
 * resources that left the selection) and writes ({@code DiscoveryTagWriter}; nothing in {@code dry-run}). Every change
 * is a {@code kk.decisions} record, a conflict is one when first seen or changed; metrics in {@link DiscoveryMetrics}.
 * Transient AWS errors (throttling, 5xx, no answer) propagate to the caller, the loop, which retries with backoff;
 * errors about one resource (not authorized, not found) are logged and counted, and the pass goes on.
 */
@ApplicationScoped
public class DiscoveryTagReconciler {

    private static final Logger LOG = Logger.getLogger(DiscoveryTagReconciler.class);
    private static final Report EMPTY = new Report(0, 0, 0, 0, List.of());

    /**
     * What one reconcile found and did; {@code conflicts} says per resource what is in conflict, e.g.
     * {@code subnet subnet-0abc (us-east-1a, private): karpenter.sh/discovery holds "other-cluster", not this
     * cluster's value: left unchanged} (the EC2NodeClass conditions quote them).
     */
    public record Report(int added, int restored, int removed, int wouldChange, java.util.List<String> conflicts) {
    }

    private final TagReconcilerConfig config;
    private final TagReconcilerDecisions decisions;
    private final DiscoveryMetrics metrics;
    private final DiscoveryRecords records = new DiscoveryRecords();
    private final AwsApis aws;
    private DiscoveryTags tags;
    private volatile Report last = EMPTY;

    @Inject
    DiscoveryTagReconciler(TagReconcilerConfig config, TagReconcilerDecisions decisions, MeterRegistry registry,
                           AwsApis aws) {
        this.config = config;
        this.decisions = decisions;
        this.aws = aws;
        this.metrics = new DiscoveryMetrics(registry);
    }

    /** A bad {@code subnets} / {@code security-groups} setting stops the service at start, naming the setting. */
    void validateSettings(@Observes StartupEvent start) {
        selection();
    }

    /** One pass: read the cluster, subnets and groups, write what is missing. Transient AWS errors propagate. */
    public synchronized Report reconcile() {
        String cluster = config.clusterName();
        DiscoveryPlan plan = tags().plan(cluster, selection());
        metrics.planned(plan);
        int[] counts = new int[4];
        tags().writer().apply(plan, o -> {
            metrics.outcome(o);
            log(o);
            count(o, counts);
            records.forOutcome(o, plan.tagKey(), cluster).forEach(this::publish);
        });
        records.forPlan(plan).forEach(p -> {
            LOG.warnf("discovery tags: %s", p.why().text());
            publish(p);
        });
        plan.resources().stream().filter(r -> r.verdict() == DiscoveryVerdict.NOT_FOUND)
            .forEach(r -> LOG.warnf("discovery tags: %s is selected (%s) but does not exist", r.describe(),
                r.type() == DiscoveryResourceType.SUBNET
                    ? DiscoverySelection.SUBNETS_SETTING : DiscoverySelection.SECURITY_GROUPS_SETTING));
        Report report = new Report(counts[0], counts[1], counts[2], counts[3], plan.conflictTexts());
        LOG.debugf("discovery tags of cluster %s: %s", cluster, report);
        last = report;
        return report;
    }

    /** The last pass' report (empty before the first). */
    public Report lastReport() {
        return last;
    }

    private DiscoverySelection selection() {
        return DiscoverySelection.parse(config.subnets(), config.securityGroups());
    }

    private synchronized DiscoveryTags tags() {
        if (tags == null) {
            URI ec2Endpoint = config.ec2Endpoint().orElse(null);
            tags = DiscoveryTags.create(aws.ec2(), aws.eks(), config.discoveryTagKey(), config.region(),
                ec2Endpoint == null ? null : ec2Endpoint.toString(), config.dryRun());
        }
        return tags;
    }

    @PreDestroy
    void close() {
        metrics.close();
    }

    private void publish(DiscoveryRecords.Pending p) {
        decisions.publish(p.key(), p.subjects(), p.why(), Correlation.NONE);
    }

    private static void count(Outcome o, int[] counts) {
        if (o.result() == DiscoveryTagWriter.Result.DRY_RUN) {
            counts[3]++;
        } else if (o.result() == DiscoveryTagWriter.Result.WRITTEN) {
            switch (o.resource().verdict()) {
                case ADD -> counts[0]++;
                case RESTORE -> counts[1]++;
                case REMOVE -> counts[2]++;
                default -> { }
            }
        }
    }

    private static void log(Outcome o) {
        ResourceVerdict r = o.resource();
        String verb = switch (r.verdict()) {
            case RESTORE -> "restore";
            case REMOVE -> "remove";
            default -> "add";
        };
        String why = switch (r.verdict()) {
            case RESTORE -> " (removed outside Kafkarpenter)";
            case REMOVE -> " (no longer selected; Kafkarpenter had written it)";
            default -> "";
        };
        String what = o.change().describeTags() + (r.verdict() == DiscoveryVerdict.REMOVE ? " from " : " on ")
            + r.describe();
        switch (o.result()) {
            case WRITTEN -> LOG.infof("discovery tags: %s %s%s", verb.endsWith("e") ? verb + "d" : verb + "ed", what,
                why);
            case DRY_RUN -> LOG.infof("discovery tags (dry run): would %s %s%s", verb, what, why);
            case FAILED -> LOG.errorf("discovery tags: could not %s %s: %s", verb, what, o.error());
        }
    }
}
