package io.kafkarpenter.model.discovery;

/**
 * What the planner concluded about one resource's discovery tag ({@code karpenter.sh/discovery}) and marker
 * ({@code kafkarpenter.io/discovery-tag-owner}, both valued with the cluster name).
 */
public enum DiscoveryVerdict {
    /** Selected; the tag holds the cluster name and Kafkarpenter wrote it (the marker is there). */
    OK_OURS(true, true),
    /** Selected; the tag holds the cluster name, written by someone else (no marker): never removed. */
    OK_USERS(true, true),
    /** Selected; no tag and no marker: the tag and the marker are written, in one call. */
    ADD(true, false),
    /** Selected; the marker is there but the tag was removed (by hand): the tag is written again. */
    RESTORE(true, false),
    /**
     * Selected; the tag holds another value (e.g. a subnet shared with another cluster), or another cluster's marker
     * sits on an untagged resource: reported, never changed.
     */
    CONFLICT(true, false),
    /** Selected by id but not found in AWS: reported. */
    NOT_FOUND(true, false),
    /**
     * No longer selected (left the cluster, or the settings changed) but it carries this cluster's marker: the marker
     * and, when it still holds the cluster name, the tag are removed (only what Kafkarpenter wrote).
     */
    REMOVE(false, false),
    /** Not selected and not marked by this cluster: never touched. */
    NOT_SELECTED(false, false);

    private final boolean selected;
    private final boolean tagged;

    DiscoveryVerdict(boolean selected, boolean tagged) {
        this.selected = selected;
        this.tagged = tagged;
    }

    /** The resource is to carry the tag. */
    public boolean selected() {
        return selected;
    }

    /** The resource carries the tag with the cluster name (only for selected resources). */
    public boolean tagged() {
        return tagged;
    }

    /** Metric label value, e.g. {@code ok_ours}, {@code conflict}. */
    public String metricValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
