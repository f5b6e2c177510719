package io.kafkarpenter.sandbox.kube.api.write;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a strategic merge patch needs to know about the fields of one built-in kind: the Go struct tags
 * {@code patchStrategy:"merge" patchMergeKey:"name"} (and {@code patchStrategy:"replace"} on maps) of
 * {@code k8s.io/api}, for the kinds the stand-in serves. A field not listed is a list that is replaced (as
 * {@code +listType=atomic} fields such as {@code tolerations} and Node {@code taints} are) or a map that is merged.
 *
 * <p>Fields are named by their JSON path from the object's root, without list indexes:
 * {@code spec.template.spec.containers.env}. {@code $retainKeys} ({@code volumes}, Deployment {@code spec.strategy})
 * needs no entry: the patch carries the directive itself.
 *
 * <p>Sources (k8s.io/api, core/v1, apps/v1, batch/v1, policy/v1 types.go; apimachinery meta/v1 ObjectMeta):
 * PodSpec containers/initContainers/ephemeralContainers/imagePullSecrets/schedulingGates/resourceClaims by
 * {@code name}, volumes by {@code name} (merge,retainKeys), hostAliases by {@code ip}, topologySpreadConstraints by
 * {@code topologyKey}; Container ports by {@code containerPort}, env by {@code name}, volumeMounts by
 * {@code mountPath}, volumeDevices by {@code devicePath}; ServiceSpec ports by {@code port}; NodeSpec podCIDRs
 * (primitive, merged); every status {@code conditions} by {@code type}; NodeStatus addresses by {@code type}; PodStatus
 * podIPs/hostIPs by {@code ip}; ServiceAccount secrets by {@code name}; ObjectMeta ownerReferences by {@code uid},
 * finalizers (primitive, merged); PodDisruptionBudgetSpec selector {@code replace}.
 */
public final class PatchSchema {

    /** How a field is patched. {@code mergeKey} is "" for a merged list of primitives. */
    record Field(Strategy strategy, String mergeKey) {
    }

    enum Strategy { MERGE_LIST, REPLACE_MAP }

    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private final Map<String, Field> fields;
    private final String path;

    private PatchSchema(Map<String, Field> fields, String path) {
        this.fields = fields;
        this.path = path;
    }

    /** No merge keys at all: every list is replaced (what a JSON merge patch does). */
    public static PatchSchema none() {
        return new PatchSchema(Map.of(), "");
    }

    /** The schema of a built-in resource by API group ("" for core) and plural. Unknown kinds get ObjectMeta only. */
    public static PatchSchema forResource(String group, String plural) {
        Map<String, Field> table = new HashMap<>();
        mergeKey(table, "metadata.ownerReferences", "uid");
        mergeKey(table, "metadata.finalizers", "");
        switch (group + "/" + plural) {
            case "/pods" -> {
                podSpec(table, "spec");
                mergeKey(table, "status.conditions", "type");
                mergeKey(table, "status.podIPs", "ip");
                mergeKey(table, "status.hostIPs", "ip");
            }
            case "/podtemplates" -> podSpec(table, "template.spec");
            case "apps/deployments", "apps/replicasets", "apps/daemonsets", "apps/statefulsets",
                    "/replicationcontrollers", "batch/jobs" -> {
                podSpec(table, "spec.template.spec");
                mergeKey(table, "status.conditions", "type");
            }
            case "batch/cronjobs" -> podSpec(table, "spec.jobTemplate.spec.template.spec");
            case "/nodes" -> {
                mergeKey(table, "spec.podCIDRs", "");
                mergeKey(table, "status.conditions", "type");
                mergeKey(table, "status.addresses", "type");
            }
            case "/services" -> {
                mergeKey(table, "spec.ports", "port");
                mergeKey(table, "status.conditions", "type");
            }
            case "/serviceaccounts" -> mergeKey(table, "secrets", "name");
            case "/namespaces", "/persistentvolumeclaims" -> mergeKey(table, "status.conditions", "type");
            case "policy/poddisruptionbudgets" -> {
                table.put("spec.selector", new Field(Strategy.REPLACE_MAP, ""));
                mergeKey(table, "status.conditions", "type");
            }
            default -> {
                // ObjectMeta only
            }
        }
        return new PatchSchema(Map.copyOf(table), "");
    }

    private static void podSpec(Map<String, Field> table, String prefix) {
        for (String list : CONTAINER_LISTS) {
            String containers = prefix + "." + list;
            mergeKey(table, containers, "name");
            mergeKey(table, containers + ".ports", "containerPort");
            mergeKey(table, containers + ".env", "name");
            mergeKey(table, containers + ".volumeMounts", "mountPath");
            mergeKey(table, containers + ".volumeDevices", "devicePath");
        }
        mergeKey(table, prefix + ".volumes", "name");
        mergeKey(table, prefix + ".imagePullSecrets", "name");
        mergeKey(table, prefix + ".hostAliases", "ip");
        mergeKey(table, prefix + ".topologySpreadConstraints", "topologyKey");
        mergeKey(table, prefix + ".schedulingGates", "name");
        mergeKey(table, prefix + ".resourceClaims", "name");
    }

    private static void mergeKey(Map<String, Field> table, String path, String key) {
        table.put(path, new Field(Strategy.MERGE_LIST, key));
    }

    /** The schema of field {@code name} of the object this schema describes (list elements share their list's). */
    PatchSchema field(String name) {
        return new PatchSchema(fields, path.isEmpty() ? name : path + "." + name);
    }

    /** True when this field is a list merged element by element (by {@link #mergeKey()}, or as primitives). */
    boolean mergesList() {
        Field field = fields.get(path);
        return field != null && field.strategy() == Strategy.MERGE_LIST;
    }

    /** The merge key of a merged list of objects, "" for a merged list of primitives or a replaced list. */
    String mergeKey() {
        Field field = fields.get(path);
        return field == null ? "" : field.mergeKey();
    }

    /** True for a map with {@code patchStrategy:"replace"}: the patch's map replaces the object's. */
    boolean replacesMap() {
        Field field = fields.get(path);
        return field != null && field.strategy() == Strategy.REPLACE_MAP;
    }

    String path() {
        return path;
    }
}
