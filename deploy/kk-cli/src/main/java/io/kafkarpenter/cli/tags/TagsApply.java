package io.kafkarpenter.cli.tags;

import java.io.PrintStream;
import java.util.List;

import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryVerdict;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.service.aws.AwsClients;
import io.kafkarpenter.service.aws.AwsErrors;
import io.kafkarpenter.service.aws.ClusterNotFoundException;
import io.kafkarpenter.service.aws.DiscoveryTagWriter;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * {@code bin/kk tags apply [--dry-run]}: one discovery-tag reconcile, as the tag-reconciler does it (same planner, same
 * writer, same rules: the marker written with the tag, nothing removed that Kafkarpenter did not write, conflicts
 * left alone). Prints one line per change (done, or what would be done) and per conflict, then a summary. Exit 0 when
 * every selected resource is (or, with {@code --dry-run}, would be) tagged; 1 when a conflict, a missing resource or
 * a refused write remains.
 */
public final class TagsApply {

    private TagsApply() {
    }

    public static int run(TagsSettings settings, boolean dryRun, PrintStream out) {
        try (Ec2Client ec2 = AwsClients.ec2(settings.region(), settings.endpoint());
             EksClient eks = AwsClients.eks(settings.region(), settings.endpoint())) {
            var tags = TagsCheck.discoveryTags(settings, ec2, eks, dryRun);
            DiscoveryPlan plan = tags.plan(settings.cluster(), settings.selection());
            List<DiscoveryTagWriter.Outcome> outcomes = tags.writer().apply(plan, o -> out.println(line(o)));
            boolean problems = false;
            for (ResourceVerdict r : plan.resources()) {
                if (r.verdict() == DiscoveryVerdict.CONFLICT || r.verdict() == DiscoveryVerdict.NOT_FOUND) {
                    out.println(TagLines.line(r, plan));
                    problems = true;
                }
            }
            long failed = outcomes.stream().filter(o -> o.result() == DiscoveryTagWriter.Result.FAILED).count();
            long done = outcomes.size() - failed;
            String verb = dryRun ? "would change" : "changed";
            out.println((problems || failed > 0 ? TagLines.WARN : TagLines.OK) + " " + verb + " " + done
                + " resource" + (done == 1 ? "" : "s") + (failed > 0 ? ", " + failed + " refused" : "")
                + (outcomes.isEmpty() ? " (all selected resources already tagged)" : ""));
            return problems || failed > 0 ? 1 : 0;
        } catch (ClusterNotFoundException e) {
            out.println(TagLines.WARN + " cluster " + settings.cluster() + ": not found in " + settings.region());
            return 1;
        } catch (SdkException e) {
            out.println(TagLines.WARN + " AWS failed: " + AwsErrors.describe(e));
            return 1;
        }
    }

    /** {@code ✅ added karpenter.sh/discovery=demo, kafkarpenter.io/...=demo on subnet subnet-0abc (us-east-1a, private)}. */
    static String line(DiscoveryTagWriter.Outcome o) {
        ResourceVerdict r = o.resource();
        String verb = switch (r.verdict()) {
            case RESTORE -> "restore";
            case REMOVE -> "remove";
            default -> "add";
        };
        String what = o.change().describeTags() + " on " + r.describe();
        return switch (o.result()) {
            case WRITTEN -> TagLines.OK + " " + verb + (verb.endsWith("e") ? "d " : "ed ") + what;
            case DRY_RUN -> TagLines.WARN + " dry run: would " + verb + " " + what;
            case FAILED -> TagLines.WARN + " could not " + verb + " " + what + ": " + o.error();
        };
    }
}
