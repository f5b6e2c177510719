package io.kafkarpenter.sandbox.kube.api.write;

import java.util.HashMap;
import java.util.Map;

/**
 * Protobuf field numbers of the built-in kinds the stand-in accepts in {@code application/vnd.kubernetes.protobuf}
 * (kubectl's typed clients, e.g. {@code kubectl create deployment}, send it; client-go falls back to JSON only for
 * CBOR): the {@code protobuf:"bytes,N,opt,name=x"} struct tags of k8s.io/api apps/v1 and core/v1 and apimachinery
 * meta/v1 types.go, for an {@code apps/v1} Deployment ({@code kubectl create deployment}), a Pod ({@code kubectl run}),
 * a Namespace ({@code kubectl create namespace}), DeleteOptions ({@code kubectl delete}) and the types they contain. Fields of other types
 * (affinity, volumes, lifecycle, …) are not listed: a body carrying one is refused (415), never decoded partly.
 */
final class ProtobufSchema {

    enum Kind { STRING, INT, BOOL, MESSAGE, STRING_MAP, QUANTITY_MAP, TIME, INT_OR_STRING }

    /**
     * @param message   the message type of a MESSAGE field ({@code "INLINE"} named fields are embedded structs whose
     *                  fields belong to the parent, e.g. Probe's ProbeHandler)
     * @param omitEmpty a non-pointer field with {@code omitempty}: its zero value is left out of the JSON, as the
     *                  JSON encoding does (proto2 sends every non-pointer field, zero or not)
     */
    record Field(int number, String json, Kind kind, String message, boolean repeated, boolean omitEmpty) {
    }

    /** (apiVersion, kind) → top-level message type. */
    static final Map<String, String> TOP_LEVEL = Map.of("apps/v1 Deployment", "Deployment", "v1 Pod", "Pod",
            "v1 Namespace", "Namespace", "meta.k8s.io/v1 DeleteOptions", "DeleteOptions", "v1 DeleteOptions", "DeleteOptions");

    private static final Map<String, Map<Integer, Field>> MESSAGES = new HashMap<>();

    static {
        message("DeleteOptions", f(1, "gracePeriodSeconds", Kind.INT, null, false, false),
                f(2, "preconditions", Kind.MESSAGE, "Preconditions", false, false),
                f(3, "orphanDependents", Kind.BOOL, null, false, false),
                f(4, "propagationPolicy", Kind.STRING, null, false, false),
                f(5, "dryRun", Kind.STRING, null, true, true),
                f(6, "ignoreStoreReadErrorWithClusterBreakingPotential", Kind.BOOL, null, false, false));
        message("Preconditions", f(1, "uid", Kind.STRING, null, false, false),
                f(2, "resourceVersion", Kind.STRING, null, false, false));
        message("Pod", f(1, "metadata", Kind.MESSAGE, "ObjectMeta", false, true),
                f(2, "spec", Kind.MESSAGE, "PodSpec", false, true),
                f(3, "status", Kind.MESSAGE, "PodStatus", false, true));
        message("PodStatus", f(17, "observedGeneration", Kind.INT, null, false, true),
                f(1, "phase", Kind.STRING, null, false, true),
                f(3, "message", Kind.STRING, null, false, true),
                f(4, "reason", Kind.STRING, null, false, true),
                f(11, "nominatedNodeName", Kind.STRING, null, false, true),
                f(5, "hostIP", Kind.STRING, null, false, true),
                f(6, "podIP", Kind.STRING, null, false, true),
                f(7, "startTime", Kind.TIME, null, false, false),
                f(9, "qosClass", Kind.STRING, null, false, true),
                f(14, "resize", Kind.STRING, null, false, true),
                f(19, "allocatedResources", Kind.QUANTITY_MAP, null, false, true),
                f(20, "resources", Kind.MESSAGE, "ResourceRequirements", false, false));
        message("Namespace", f(1, "metadata", Kind.MESSAGE, "ObjectMeta", false, true),
                f(2, "spec", Kind.MESSAGE, "NamespaceSpec", false, true),
                f(3, "status", Kind.MESSAGE, "NamespaceStatus", false, true));
        message("NamespaceSpec", f(1, "finalizers", Kind.STRING, null, true, true));
        message("NamespaceStatus", f(1, "phase", Kind.STRING, null, false, true));
        message("Deployment", f(1, "metadata", Kind.MESSAGE, "ObjectMeta", false, true),
                f(2, "spec", Kind.MESSAGE, "DeploymentSpec", false, true),
                f(3, "status", Kind.MESSAGE, "DeploymentStatus", false, true));
        message("DeploymentSpec", f(1, "replicas", Kind.INT, null, false, false),
                f(2, "selector", Kind.MESSAGE, "LabelSelector", false, false),
                f(3, "template", Kind.MESSAGE, "PodTemplateSpec", false, false),
                f(4, "strategy", Kind.MESSAGE, "DeploymentStrategy", false, true),
                f(5, "minReadySeconds", Kind.INT, null, false, true),
                f(6, "revisionHistoryLimit", Kind.INT, null, false, false),
                f(7, "paused", Kind.BOOL, null, false, true),
                f(9, "progressDeadlineSeconds", Kind.INT, null, false, false));
        message("DeploymentStrategy", f(1, "type", Kind.STRING, null, false, true),
                f(2, "rollingUpdate", Kind.MESSAGE, "RollingUpdateDeployment", false, false));
        message("RollingUpdateDeployment", f(1, "maxUnavailable", Kind.INT_OR_STRING, null, false, false),
                f(2, "maxSurge", Kind.INT_OR_STRING, null, false, false));
        message("DeploymentStatus", f(1, "observedGeneration", Kind.INT, null, false, true),
                f(2, "replicas", Kind.INT, null, false, true),
                f(3, "updatedReplicas", Kind.INT, null, false, true),
                f(7, "readyReplicas", Kind.INT, null, false, true),
                f(4, "availableReplicas", Kind.INT, null, false, true),
                f(5, "unavailableReplicas", Kind.INT, null, false, true),
                f(9, "terminatingReplicas", Kind.INT, null, false, false),
                f(6, "conditions", Kind.MESSAGE, "DeploymentCondition", true, true),
                f(8, "collisionCount", Kind.INT, null, false, false));
        message("DeploymentCondition", f(1, "type", Kind.STRING, null, false, false),
                f(2, "status", Kind.STRING, null, false, false),
                f(6, "lastUpdateTime", Kind.TIME, null, false, true),
                f(7, "lastTransitionTime", Kind.TIME, null, false, true),
                f(4, "reason", Kind.STRING, null, false, true),
                f(5, "message", Kind.STRING, null, false, true));
        message("ObjectMeta", f(1, "name", Kind.STRING, null, false, true),
                f(2, "generateName", Kind.STRING, null, false, true),
                f(3, "namespace", Kind.STRING, null, false, true),
                f(4, "selfLink", Kind.STRING, null, false, true),
                f(5, "uid", Kind.STRING, null, false, true),
                f(6, "resourceVersion", Kind.STRING, null, false, true),
                f(7, "generation", Kind.INT, null, false, true),
                f(8, "creationTimestamp", Kind.TIME, null, false, true),
                f(9, "deletionTimestamp", Kind.TIME, null, false, false),
                f(10, "deletionGracePeriodSeconds", Kind.INT, null, false, false),
                f(11, "labels", Kind.STRING_MAP, null, false, true),
                f(12, "annotations", Kind.STRING_MAP, null, false, true),
                f(13, "ownerReferences", Kind.MESSAGE, "OwnerReference", true, true),
                f(14, "finalizers", Kind.STRING, null, true, true));
        message("OwnerReference", f(5, "apiVersion", Kind.STRING, null, false, false),
                f(1, "kind", Kind.STRING, null, false, false),
                f(3, "name", Kind.STRING, null, false, false),
                f(4, "uid", Kind.STRING, null, false, false),
                f(6, "controller", Kind.BOOL, null, false, false),
                f(7, "blockOwnerDeletion", Kind.BOOL, null, false, false));
        message("LabelSelector", f(1, "matchLabels", Kind.STRING_MAP, null, false, true),
                f(2, "matchExpressions", Kind.MESSAGE, "LabelSelectorRequirement", true, true));
        message("LabelSelectorRequirement", f(1, "key", Kind.STRING, null, false, false),
                f(2, "operator", Kind.STRING, null, false, false),
                f(3, "values", Kind.STRING, null, true, true));
        message("PodTemplateSpec", f(1, "metadata", Kind.MESSAGE, "ObjectMeta", false, true),
                f(2, "spec", Kind.MESSAGE, "PodSpec", false, true));
        message("PodSpec", f(20, "initContainers", Kind.MESSAGE, "Container", true, true),
                f(2, "containers", Kind.MESSAGE, "Container", true, false),
                f(3, "restartPolicy", Kind.STRING, null, false, true),
                f(4, "terminationGracePeriodSeconds", Kind.INT, null, false, false),
                f(5, "activeDeadlineSeconds", Kind.INT, null, false, false),
                f(6, "dnsPolicy", Kind.STRING, null, false, true),
                f(7, "nodeSelector", Kind.STRING_MAP, null, false, true),
                f(8, "serviceAccountName", Kind.STRING, null, false, true),
                f(9, "serviceAccount", Kind.STRING, null, false, true),
                f(21, "automountServiceAccountToken", Kind.BOOL, null, false, false),
                f(10, "nodeName", Kind.STRING, null, false, true),
                f(11, "hostNetwork", Kind.BOOL, null, false, true),
                f(12, "hostPID", Kind.BOOL, null, false, true),
                f(13, "hostIPC", Kind.BOOL, null, false, true),
                f(27, "shareProcessNamespace", Kind.BOOL, null, false, false),
                f(14, "securityContext", Kind.MESSAGE, "PodSecurityContext", false, false),
                f(15, "imagePullSecrets", Kind.MESSAGE, "LocalObjectReference", true, true),
                f(16, "hostname", Kind.STRING, null, false, true),
                f(17, "subdomain", Kind.STRING, null, false, true),
                f(19, "schedulerName", Kind.STRING, null, false, true),
                f(22, "tolerations", Kind.MESSAGE, "Toleration", true, true),
                f(24, "priorityClassName", Kind.STRING, null, false, true),
                f(25, "priority", Kind.STRING, null, false, false),
                f(29, "runtimeClassName", Kind.STRING, null, false, false),
                f(30, "enableServiceLinks", Kind.BOOL, null, false, false),
                f(31, "preemptionPolicy", Kind.STRING, null, false, false),
                f(32, "overhead", Kind.QUANTITY_MAP, null, false, true),
                f(35, "setHostnameAsFQDN", Kind.BOOL, null, false, false),
                f(37, "hostUsers", Kind.STRING, null, false, false),
                f(40, "resources", Kind.MESSAGE, "ResourceRequirements", false, false),
                f(41, "hostnameOverride", Kind.STRING, null, false, false));
        message("Container", f(1, "name", Kind.STRING, null, false, false),
                f(2, "image", Kind.STRING, null, false, true),
                f(3, "command", Kind.STRING, null, true, true),
                f(4, "args", Kind.STRING, null, true, true),
                f(5, "workingDir", Kind.STRING, null, false, true),
                f(6, "ports", Kind.MESSAGE, "ContainerPort", true, true),
                f(7, "env", Kind.MESSAGE, "EnvVar", true, true),
                f(8, "resources", Kind.MESSAGE, "ResourceRequirements", false, true),
                f(24, "restartPolicy", Kind.STRING, null, false, false),
                f(9, "volumeMounts", Kind.MESSAGE, "VolumeMount", true, true),
                f(10, "livenessProbe", Kind.MESSAGE, "Probe", false, false),
                f(11, "readinessProbe", Kind.MESSAGE, "Probe", false, false),
                f(22, "startupProbe", Kind.MESSAGE, "Probe", false, false),
                f(13, "terminationMessagePath", Kind.STRING, null, false, true),
                f(20, "terminationMessagePolicy", Kind.STRING, null, false, true),
                f(14, "imagePullPolicy", Kind.STRING, null, false, true),
                f(15, "securityContext", Kind.MESSAGE, "SecurityContext", false, false),
                f(16, "stdin", Kind.BOOL, null, false, true),
                f(17, "stdinOnce", Kind.BOOL, null, false, true),
                f(18, "tty", Kind.BOOL, null, false, true));
        message("ContainerPort", f(1, "name", Kind.STRING, null, false, true),
                f(2, "hostPort", Kind.INT, null, false, true),
                f(3, "containerPort", Kind.INT, null, false, false),
                f(4, "protocol", Kind.STRING, null, false, true),
                f(5, "hostIP", Kind.STRING, null, false, true));
        message("EnvVar", f(1, "name", Kind.STRING, null, false, false),
                f(2, "value", Kind.STRING, null, false, true));
        message("ResourceRequirements", f(1, "limits", Kind.QUANTITY_MAP, null, false, true),
                f(2, "requests", Kind.QUANTITY_MAP, null, false, true));
        message("VolumeMount", f(1, "name", Kind.STRING, null, false, false),
                f(2, "readOnly", Kind.BOOL, null, false, true),
                f(7, "recursiveReadOnly", Kind.STRING, null, false, false),
                f(3, "mountPath", Kind.STRING, null, false, false),
                f(4, "subPath", Kind.STRING, null, false, true),
                f(5, "mountPropagation", Kind.STRING, null, false, false),
                f(6, "subPathExpr", Kind.STRING, null, false, true),
                f(8, "bindMountOptions", Kind.STRING, null, true, true));
        message("Toleration", f(1, "key", Kind.STRING, null, false, true),
                f(2, "operator", Kind.STRING, null, false, true),
                f(3, "value", Kind.STRING, null, false, true),
                f(4, "effect", Kind.STRING, null, false, true),
                f(5, "tolerationSeconds", Kind.INT, null, false, false));
        message("LocalObjectReference", f(1, "name", Kind.STRING, null, false, true));
        message("Probe", f(1, "INLINE", Kind.MESSAGE, "ProbeHandler", false, false),
                f(2, "initialDelaySeconds", Kind.INT, null, false, true),
                f(3, "timeoutSeconds", Kind.INT, null, false, true),
                f(4, "periodSeconds", Kind.INT, null, false, true),
                f(5, "successThreshold", Kind.INT, null, false, true),
                f(6, "failureThreshold", Kind.INT, null, false, true),
                f(7, "terminationGracePeriodSeconds", Kind.INT, null, false, false));
        message("ProbeHandler", f(1, "exec", Kind.MESSAGE, "ExecAction", false, false),
                f(2, "httpGet", Kind.MESSAGE, "HTTPGetAction", false, false),
                f(3, "tcpSocket", Kind.MESSAGE, "TCPSocketAction", false, false));
        message("ExecAction", f(1, "command", Kind.STRING, null, true, true));
        message("HTTPGetAction", f(1, "path", Kind.STRING, null, false, true),
                f(2, "port", Kind.INT_OR_STRING, null, false, false),
                f(3, "host", Kind.STRING, null, false, true),
                f(4, "scheme", Kind.STRING, null, false, true),
                f(5, "httpHeaders", Kind.MESSAGE, "HTTPHeader", true, true),
                f(6, "protocol", Kind.STRING, null, false, false));
        message("HTTPHeader", f(1, "name", Kind.STRING, null, false, false),
                f(2, "value", Kind.STRING, null, false, false));
        message("TCPSocketAction", f(1, "port", Kind.INT_OR_STRING, null, false, false),
                f(2, "host", Kind.STRING, null, false, true));
        message("SecurityContext", f(1, "capabilities", Kind.MESSAGE, "Capabilities", false, false),
                f(2, "privileged", Kind.BOOL, null, false, false),
                f(4, "runAsUser", Kind.INT, null, false, false),
                f(8, "runAsGroup", Kind.INT, null, false, false),
                f(5, "runAsNonRoot", Kind.BOOL, null, false, false),
                f(6, "readOnlyRootFilesystem", Kind.BOOL, null, false, false),
                f(7, "allowPrivilegeEscalation", Kind.BOOL, null, false, false),
                f(9, "procMount", Kind.STRING, null, false, false));
        message("Capabilities", f(1, "add", Kind.STRING, null, true, true),
                f(2, "drop", Kind.STRING, null, true, true));
        message("PodSecurityContext", f(2, "runAsUser", Kind.INT, null, false, false),
                f(6, "runAsGroup", Kind.INT, null, false, false),
                f(3, "runAsNonRoot", Kind.BOOL, null, false, false),
                f(4, "supplementalGroups", Kind.INT, null, true, true),
                f(12, "supplementalGroupsPolicy", Kind.STRING, null, false, false),
                f(5, "fsGroup", Kind.INT, null, false, false),
                f(9, "fsGroupChangePolicy", Kind.STRING, null, false, false),
                f(13, "seLinuxChangePolicy", Kind.STRING, null, false, false));
    }

    private ProtobufSchema() {
    }

    /** The fields of {@code message} by number, or null for a type not described here. */
    static Map<Integer, Field> fields(String message) {
        return MESSAGES.get(message);
    }

    private static Field f(int number, String json, Kind kind, String message, boolean repeated, boolean omitEmpty) {
        return new Field(number, json, kind, message, repeated, omitEmpty);
    }

    private static void message(String name, Field... fields) {
        Map<Integer, Field> byNumber = new HashMap<>();
        for (Field field : fields) {
            byNumber.put(field.number(), field);
        }
        MESSAGES.put(name, Map.copyOf(byNumber));
    }
}
