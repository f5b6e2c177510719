package io.kafkarpenter.tagreconciler.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryVerdict;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Outcome;

/**
 * Which {@code kk.decisions} records a discovery pass produces: one per tag change written (ADDED, RESTORED,
 * REMOVED); in dry-run mode one DRY_RUN per change that would be made; a write AWS refused (REFUSED, e.g. not
 * authorized) and a conflict (CONFLICT) when first seen or when it changes — not every pass. Remembers what it reported until the situation clears (in memory: after a
 * restart each standing conflict is reported once more). Not thread-safe; the reconciler serialises passes.
 */
final class DiscoveryRecords {

    /** One record to publish: key {@code tags/<id>}, the resource as subject, the reason and its text. */
    record Pending(String key, List<Subject> subjects, ReasonMessage why) {
    }

    private final Map<String, String> reportedConflicts = new HashMap<>();
    private final Map<String, String> reportedDryRuns = new HashMap<>();
    private final Map<String, String> reportedRefusals = new HashMap<>();

    /** The record for one outcome of the writer, or none (a refusal already reported with the same error). */
    List<Pending> forOutcome(Outcome o, String tagKey, String clusterName) {
        ResourceVerdict r = o.resource();
        String kind = r.type().subjectKind();
        String tag = tagKey + "=" + clusterName;
        ReasonMessage why;
        switch (o.result()) {
            case WRITTEN -> {
                reportedRefusals.remove(key(r));
                why = switch (r.verdict()) {
                    case ADD -> Reason.DISCOVERY_TAG_ADDED.format(kind, r.id(), tag);
                    case RESTORE -> Reason.DISCOVERY_TAG_RESTORED.format(kind, r.id(), tag);
                    case REMOVE -> Reason.DISCOVERY_TAG_REMOVED.format(kind, r.id(), o.change().describeTags());
                    default -> null;
                };
            }
            case FAILED -> {
                if (String.valueOf(o.error()).equals(reportedRefusals.put(key(r), String.valueOf(o.error())))) {
                    return List.of();
                }
                why = Reason.DISCOVERY_TAG_REFUSED.format(kind, r.id(), action(r), o.change().describeTags(),
                    o.error());
            }
            case DRY_RUN -> {
                String action = action(r) + " " + o.change().describeTags();
                if (action.equals(reportedDryRuns.put(key(r), action))) {
                    return List.of();
                }
                why = Reason.DISCOVERY_TAG_DRY_RUN.format(action, kind, r.id());
            }
            default -> why = null;
        }
        return why == null ? List.of() : List.of(pending(r, why));
    }

    /**
     * Records for conflicts new or changed since the last pass; forgets conflicts (and dry-run reports) that cleared,
     * so they are reported again if they come back.
     */
    List<Pending> forPlan(DiscoveryPlan plan) {
        List<Pending> out = new ArrayList<>();
        Set<String> conflicting = new HashSet<>();
        Set<String> wouldChange = new HashSet<>();
        for (ResourceVerdict r : plan.resources()) {
            if (r.change().isPresent()) {
                wouldChange.add(key(r));
            }
            if (r.verdict() != DiscoveryVerdict.CONFLICT) {
                continue;
            }
            String key = key(r);
            conflicting.add(key);
            String state = r.currentValue() != null ? plan.tagKey() + "=" + r.currentValue()
                : AwsTagKeys.DISCOVERY_MARKER + "=" + r.otherMarker();
            if (state.equals(reportedConflicts.put(key, state))) {
                continue;
            }
            String heldKey = r.currentValue() != null ? plan.tagKey() : AwsTagKeys.DISCOVERY_MARKER;
            String held = "\"" + (r.currentValue() != null ? r.currentValue() : r.otherMarker()) + "\"";
            out.add(pending(r, Reason.DISCOVERY_TAG_CONFLICT.format(r.type().subjectKind(), r.id(), heldKey, held)));
        }
        reportedConflicts.keySet().retainAll(conflicting);
        reportedDryRuns.keySet().retainAll(wouldChange);
        reportedRefusals.keySet().retainAll(wouldChange);
        return out;
    }

    private static String action(ResourceVerdict r) {
        return switch (r.verdict()) {
            case RESTORE -> "restore";
            case REMOVE -> "remove";
            default -> "add";
        };
    }

    private static String key(ResourceVerdict r) {
        return r.type().name() + "/" + r.id();
    }

    private static Pending pending(ResourceVerdict r, ReasonMessage why) {
        return new Pending("tags/" + r.id(), List.of(Subject.awsResource(r.type().subjectKind(), r.id())), why);
    }
}
