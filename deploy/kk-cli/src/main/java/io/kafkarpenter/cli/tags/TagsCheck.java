package io.kafkarpenter.cli.tags;

import java.io.PrintStream;

import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryVerdict;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.service.aws.AwsClients;
import io.kafkarpenter.service.aws.AwsErrors;
import io.kafkarpenter.service.aws.ClusterNotFoundException;
import io.kafkarpenter.service.aws.DiscoveryTags;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * {@code bin/kk tags check}: the workshop's §1.7 checks in one go. One line per resource (the cluster, each subnet of
 * the cluster with public/private, the security groups) with ✅ (tagged with the cluster name), ⚠️ (missing, in
 * conflict, not found, or to be removed) or ➖ (not selected), and under a missing tag the exact {@code aws} command
 * that adds it. Exit 0 only when every selected resource is tagged, 1 otherwise (or when AWS could not be read).
 * Writes nothing.
 */
public final class TagsCheck {

    private TagsCheck() {
    }

    /** Checks {@code settings}' cluster and prints to {@code out}; returns the exit code (0 all tagged, 1 not). */
    public static int run(TagsSettings settings, PrintStream out) {
        try (Ec2Client ec2 = AwsClients.ec2(settings.region(), settings.endpoint());
             EksClient eks = AwsClients.eks(settings.region(), settings.endpoint())) {
            DiscoveryPlan plan = discoveryTags(settings, ec2, eks, true).plan(settings.cluster(), settings.selection());
            print(plan, out);
            return plan.allSelectedTagged() ? 0 : 1;
        } catch (ClusterNotFoundException e) {
            out.println(TagLines.WARN + " cluster " + settings.cluster() + ": not found in " + settings.region()
                + " (aws eks describe-cluster --name " + settings.cluster() + " --region " + settings.region() + ")");
            return 1;
        } catch (SdkException e) {
            out.println(TagLines.WARN + " could not read AWS: " + AwsErrors.describe(e));
            return 1;
        }
    }

    /** The lines of a plan, with a fix command under every missing tag, and a summary line. */
    static void print(DiscoveryPlan plan, PrintStream out) {
        int selected = 0;
        int tagged = 0;
        for (ResourceVerdict r : plan.resources()) {
            out.println(TagLines.line(r, plan));
            if (r.verdict() == DiscoveryVerdict.ADD || r.verdict() == DiscoveryVerdict.RESTORE
                || r.verdict() == DiscoveryVerdict.REMOVE) {
                r.fixCommand().ifPresent(c -> out.println(TagLines.FIX + c));
            }
            if (r.verdict().selected()) {
                selected++;
                tagged += r.verdict().tagged() ? 1 : 0;
            }
        }
        out.println(tagged == selected
            ? TagLines.OK + " all " + selected + " selected resources carry " + plan.tagKey() + "=" + plan.clusterName()
            : TagLines.WARN + " " + tagged + " of " + selected + " selected resources carry " + plan.tagKey() + "="
                + plan.clusterName() + " (run the commands above, or bin/kk tags apply)");
    }

    static DiscoveryTags discoveryTags(TagsSettings settings, Ec2Client ec2, EksClient eks, boolean dryRun) {
        return DiscoveryTags.create(ec2, eks, settings.tagKey(), settings.region(),
            settings.endpoint() == null ? null : settings.endpoint().toString(), dryRun);
    }
}
