package io.kafkarpenter.sandbox.kube.api.discovery;

import java.util.List;

/**
 * One resource the stand-in serves, as discovery describes it.
 *
 * @param group        "" for the core group
 * @param plural       e.g. {@code pods}
 * @param singular     e.g. {@code pod}
 * @param verbs        e.g. get, list, watch, create, update, patch, delete, deletecollection
 * @param shortNames   e.g. {@code po}
 * @param categories   e.g. {@code all}, {@code karpenter}
 * @param subresources e.g. status, scale, eviction, binding
 */
public record ApiResource(String group, String version, String plural, String singular, String kind,
                          boolean namespaced, List<String> verbs, List<String> shortNames, List<String> categories,
                          List<Subresource> subresources) {

    /** What every stored kind allows. */
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    /** The verbs of a status subresource (and of nodes/status, pods/status). */
    public static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    /**
     * A subresource, e.g. {@code pods/eviction}.
     *
     * @param group, version, kind what it takes and answers (e.g. policy/v1 Eviction, autoscaling/v1 Scale)
     */
    public record Subresource(String name, String group, String version, String kind, List<String> verbs) {
    }

    /** {@code apps/v1}, or {@code v1} for the core group. */
    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The status subresource answering this resource's own kind. */
    public Subresource status() {
        return new Subresource("status", group, version, kind, STATUS_VERBS);
    }

    /** The autoscaling/v1 Scale subresource. */
    public static Subresource scale() {
        return new Subresource("scale", "autoscaling", "v1", "Scale", STATUS_VERBS);
    }
}
