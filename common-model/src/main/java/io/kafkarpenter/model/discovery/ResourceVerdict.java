package io.kafkarpenter.model.discovery;

import java.util.Objects;
import java.util.Optional;

/**
 * The planner's conclusion about one resource.
 *
 * @param type         cluster, subnet or security group
 * @param id           the cluster name, subnet id or group id
 * @param detail       what people need to recognise it: {@code us-east-1a, private}; the group's name; may be empty
 * @param verdict      what is the case
 * @param currentValue the discovery tag's value now (null: absent)
 * @param otherMarker  the marker's value when another cluster's Kafkarpenter wrote it (null otherwise)
 * @param change       what to write (ADD, RESTORE, REMOVE), empty otherwise
 * @param fixCommand   the {@code aws} command that does by hand what a person needs to do (the discovery tag alone
 *                     for ADD and RESTORE, as the workshop does; the removal for REMOVE); empty otherwise
 */
public record ResourceVerdict(DiscoveryResourceType type, String id, String detail, DiscoveryVerdict verdict,
                              String currentValue, String otherMarker, Optional<TagChange> change,
                              Optional<String> fixCommand) {

    public ResourceVerdict {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(verdict, "verdict");
        detail = detail == null ? "" : detail;
        change = change == null ? Optional.empty() : change;
        fixCommand = fixCommand == null ? Optional.empty() : fixCommand;
    }

    /** {@code subnet subnet-0abc (us-east-1a, private)}, {@code cluster demo}. */
    public String describe() {
        return type.label() + " " + id + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    /**
     * What is the case, in words, without the resource: {@code karpenter.sh/discovery=demo (written by
     * Kafkarpenter)}, {@code karpenter.sh/discovery holds "other", not this cluster's value}, ...
     */
    public String explain(String tagKey, String clusterName) {
        return switch (verdict) {
            case OK_OURS -> tagKey + "=" + clusterName + " (written by Kafkarpenter)";
            case OK_USERS -> tagKey + "=" + clusterName;
            case ADD -> tagKey + " missing";
            case RESTORE -> tagKey + " missing (Kafkarpenter had written it; removed outside Kafkarpenter)";
            case CONFLICT -> currentValue != null
                ? tagKey + " holds \"" + currentValue + "\", not this cluster's value: left unchanged"
                : tagKey + " missing, but " + io.kafkarpenter.model.crd.AwsTagKeys.DISCOVERY_MARKER + " holds \""
                    + otherMarker + "\" (another cluster's Kafkarpenter wrote it): left unchanged";
            case NOT_FOUND -> "selected by id, but it does not exist";
            case REMOVE -> "no longer selected; carries " + (clusterName.equals(currentValue)
                ? tagKey + "=" + clusterName + " written by Kafkarpenter: to be removed"
                : "Kafkarpenter's marker: to be removed");
            case NOT_SELECTED -> "not selected" + (currentValue == null ? "" : ", " + tagKey + "=" + currentValue
                + " left as it is");
        };
    }

    /** The conflict as the EC2NodeClass conditions quote it: {@code subnet subnet-0abc (us-east-1a, private): ...}. */
    public String conflictText(String tagKey, String clusterName) {
        return describe() + ": " + explain(tagKey, clusterName);
    }
}
