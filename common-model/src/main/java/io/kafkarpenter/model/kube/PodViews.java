package io.kafkarpenter.model.kube;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.pods.ContainerResources;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.pods.HostPortSpec;
import io.kafkarpenter.model.pods.LabelSelectorSpec;
import io.kafkarpenter.model.pods.LabelSelectorRequirement;
import io.kafkarpenter.model.pods.NodeAffinity;
import io.kafkarpenter.model.pods.NodeSelectorRequirement;
import io.kafkarpenter.model.pods.NodeSelectorTerm;
import io.kafkarpenter.model.pods.PodAffinityRules;
import io.kafkarpenter.model.pods.PodAffinityTermSpec;
import io.kafkarpenter.model.pods.PodResources;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.pods.PreferredSchedulingTerm;
import io.kafkarpenter.model.pods.TolerationSpec;
import io.kafkarpenter.model.pods.TopologySpreadConstraint;
import io.kafkarpenter.model.pods.VolumeClaim;
import io.kafkarpenter.model.pods.WeightedPodAffinityTerm;
import io.kafkarpenter.model.pods.WorkloadRef;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Adapter from fabric8's {@link Pod} to {@link PodSchedulingView}, plus Karpenter's rules for which pending pods
 * it acts on (karpenter-core reference §1.1 "provisionable", §1.2 "ignored").
 *
 * <p>The conversion is faithful: it copies, it does not interpret (quantities stay strings). The only derived
 * values are the owner workload (Deployment behind a ReplicaSet), the sidecar mark, hostPorts, the claims of
 * PVC/ephemeral volumes, and {@code doNotDisrupt}.
 */
public final class PodViews {

    public static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
    public static final String CAPACITY_TYPE_LABEL = "karpenter.sh/capacity-type";
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";

    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Gte", "Lte");
    private static final Set<String> NUMERIC_OPERATORS = Set.of("Gt", "Lt", "Gte", "Lte");
    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private PodViews() {
    }

    // ---- conversion ---------------------------------------------------------------------------------------------

    /**
     * Converts a Pod. Fails with an {@link IllegalArgumentException} naming the pod and the field when a required
     * field (metadata.namespace, name, uid, creationTimestamp; spec) is missing.
     */
    public static PodSchedulingView from(Pod pod) {
        String id = describe(pod);
        if (pod.getMetadata() == null) {
            throw new IllegalArgumentException(id + ": missing required field 'metadata'");
        }
        if (pod.getSpec() == null) {
            throw new IllegalArgumentException(id + ": missing required field 'spec'");
        }
        var meta = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        try {
            Map<String, String> annotations = nullToEmpty(meta.getAnnotations());
            return new PodSchedulingView(
                    meta.getNamespace(),
                    meta.getName(),
                    meta.getUid(),
                    workloadOf(pod),
                    meta.getLabels(),
                    annotations,
                    resourcesOf(spec),
                    spec.getNodeSelector(),
                    nodeAffinityOf(spec),
                    map(spec.getTolerations(), t -> new TolerationSpec(t.getKey(), t.getOperator(), t.getValue(), t.getEffect(), t.getTolerationSeconds())),
                    map(spec.getTopologySpreadConstraints(), PodViews::spreadOf),
                    spec.getAffinity() == null || spec.getAffinity().getPodAffinity() == null ? PodAffinityRules.NONE
                            : new PodAffinityRules(
                                    map(spec.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), PodViews::termOf),
                                    map(spec.getAffinity().getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                                            w -> new WeightedPodAffinityTerm(intOrZero(w.getWeight()), termOf(w.getPodAffinityTerm())))),
                    spec.getAffinity() == null || spec.getAffinity().getPodAntiAffinity() == null ? PodAffinityRules.NONE
                            : new PodAffinityRules(
                                    map(spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution(), PodViews::termOf),
                                    map(spec.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution(),
                                            w -> new WeightedPodAffinityTerm(intOrZero(w.getWeight()), termOf(w.getPodAffinityTerm())))),
                    hostPortsOf(spec),
                    volumeClaimsOf(meta.getName(), spec),
                    map(spec.getResourceClaims(), c -> c.getName()),
                    spec.getPriority(),
                    spec.getPriorityClassName(),
                    spec.getSchedulerName(),
                    "true".equals(annotations.get(PodSchedulingView.DO_NOT_DISRUPT_ANNOTATION)),
                    creationTimestampOf(id, meta.getCreationTimestamp()));
        } catch (FieldException e) {
            String field = switch (e.field()) {
                case "namespace", "name", "uid" -> "metadata." + e.field();
                case "createdAt" -> "metadata.creationTimestamp";
                default -> e.field();
            };
            throw new IllegalArgumentException(id + ": " + e.problem() + " '" + field + "'", e);
        }
    }

    /** A {@link PendingPod} payload for a pod, with kube-scheduler's PodScheduled reason and message. */
    public static PendingPod pendingPod(Pod pod, Instant observedAt) {
        Optional<PodCondition> scheduled = podScheduledCondition(pod);
        return new PendingPod(from(pod), observedAt,
                scheduled.map(PodCondition::getReason).orElse(null),
                scheduled.map(PodCondition::getMessage).orElse(null));
    }

    // ---- DaemonSets -----------------------------------------------------------------------------------------------

    /**
     * The pod a DaemonSet runs on every node it fits, as Karpenter's DaemonSet overhead sees it (karpenter-core
     * reference §2.6): the DaemonSet's newest live pod when one is known (admission, LimitRanges or VPA may have
     * changed its requests), else a pod made from {@code spec.template} with the tolerations the DaemonSet
     * controller adds to every daemon pod and, for {@code hostNetwork}, its container ports as host ports. Either way
     * the required node affinity is the template's: the DaemonSet controller rewrites a live pod's to a match on its
     * node's name, which says nothing about other nodes.
     *
     * <p>The objects passed in (an informer's cache) are never changed. The view is owned by the DaemonSet
     * (controller owner reference), so the engine knows which DaemonSet a bound pod belongs to.
     *
     * @param livePod the DaemonSet's newest pod, or null
     * @throws IllegalArgumentException naming the DaemonSet and the field when {@code spec.template.spec} is missing
     */
    public static PodSchedulingView daemonSetPod(DaemonSet ds, Pod livePod) {
        if (ds == null || ds.getMetadata() == null) {
            throw new IllegalArgumentException("DaemonSet: missing required field 'metadata'");
        }
        var meta = ds.getMetadata();
        String id = "DaemonSet " + meta.getNamespace() + "/" + meta.getName();
        PodTemplateSpec template = ds.getSpec() == null ? null : ds.getSpec().getTemplate();
        if (template == null || template.getSpec() == null) {
            throw new IllegalArgumentException(id + ": missing required field 'spec.template.spec'");
        }
        NodeSelector templateRequired = template.getSpec().getAffinity() == null
                || template.getSpec().getAffinity().getNodeAffinity() == null ? null
                : template.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        Pod pod;
        if (livePod != null) {
            pod = new PodBuilder(livePod).build(); // a deep copy: the cached pod stays as it is
        } else {
            var templateMeta = template.getMetadata();
            String uid = meta.getUid() == null ? "daemonset/" + meta.getNamespace() + "/" + meta.getName() : meta.getUid();
            pod = new PodBuilder()
                    .withNewMetadata()
                        .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(uid)
                        .withLabels(templateMeta == null ? null : templateMeta.getLabels())
                        .withAnnotations(templateMeta == null ? null : templateMeta.getAnnotations())
                        .withCreationTimestamp(meta.getCreationTimestamp() == null ? "1970-01-01T00:00:00Z"
                                : meta.getCreationTimestamp())
                        .addNewOwnerReference().withApiVersion("apps/v1").withKind("DaemonSet")
                            .withName(meta.getName()).withUid(meta.getUid()).withController(true).endOwnerReference()
                    .endMetadata()
                    .withSpec(new PodSpecBuilder(template.getSpec()).build())
                    .build();
            addDaemonPodTolerations(pod.getSpec());
            defaultHostNetworkPorts(pod.getSpec());
        }
        Affinity affinity = pod.getSpec().getAffinity();
        if (templateRequired != null) {
            if (affinity == null) {
                affinity = new Affinity();
                pod.getSpec().setAffinity(affinity);
            }
            if (affinity.getNodeAffinity() == null) {
                affinity.setNodeAffinity(new io.fabric8.kubernetes.api.model.NodeAffinity());
            }
            affinity.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(
                    new NodeSelectorBuilder(templateRequired).build());
        } else if (affinity != null && affinity.getNodeAffinity() != null) {
            affinity.getNodeAffinity().setRequiredDuringSchedulingIgnoredDuringExecution(null);
        }
        try {
            return from(pod);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(id + (livePod == null ? " spec.template: " : " pod: ") + e.getMessage(), e);
        }
    }

    /** Kubernetes' {@code AddOrUpdateDaemonPodTolerations}: the tolerations every daemon pod gets. */
    private static void addDaemonPodTolerations(PodSpec spec) {
        List<io.fabric8.kubernetes.api.model.Toleration> tolerations = new ArrayList<>(nullToEmpty(spec.getTolerations()));
        List<String[]> daemon = new ArrayList<>(List.of(
                new String[] {"node.kubernetes.io/not-ready", "NoExecute"},
                new String[] {"node.kubernetes.io/unreachable", "NoExecute"},
                new String[] {"node.kubernetes.io/disk-pressure", "NoSchedule"},
                new String[] {"node.kubernetes.io/memory-pressure", "NoSchedule"},
                new String[] {"node.kubernetes.io/pid-pressure", "NoSchedule"},
                new String[] {"node.kubernetes.io/unschedulable", "NoSchedule"}));
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            daemon.add(new String[] {"node.kubernetes.io/network-unavailable", "NoSchedule"});
        }
        for (String[] keyEffect : daemon) {
            boolean present = tolerations.stream().anyMatch(t -> keyEffect[0].equals(t.getKey())
                    && keyEffect[1].equals(t.getEffect()) && "Exists".equals(t.getOperator()));
            if (!present) {
                tolerations.add(new TolerationBuilder().withKey(keyEffect[0]).withOperator("Exists")
                        .withEffect(keyEffect[1]).build());
            }
        }
        spec.setTolerations(tolerations);
    }

    /**
     * The API server's defaulting of a hostNetwork pod: each container port is also a host port. Changes
     * {@code spec} (pass a copy of an informer's object).
     */
    public static void defaultHostNetworkPorts(PodSpec spec) {
        if (spec == null || !Boolean.TRUE.equals(spec.getHostNetwork())) {
            return;
        }
        List<Container> containers = new ArrayList<>(nullToEmpty(spec.getContainers()));
        containers.addAll(nullToEmpty(spec.getInitContainers()));
        for (Container c : containers) {
            for (ContainerPort p : nullToEmpty(c.getPorts())) {
                if ((p.getHostPort() == null || p.getHostPort() == 0) && p.getContainerPort() != null) {
                    p.setHostPort(p.getContainerPort());
                }
            }
        }
    }

    /**
     * The controlling workload: the Deployment behind a ReplicaSet when the ReplicaSet's name is
     * {@code <deployment>-<pod-template-hash>} (uid unknown, null); else the controller owner reference; else null.
     */
    static WorkloadRef workloadOf(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        OwnerReference controller = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
        if (controller == null || controller.getKind() == null || controller.getName() == null) {
            return null;
        }
        String hash = nullToEmpty(pod.getMetadata().getLabels()).get(POD_TEMPLATE_HASH);
        if ("ReplicaSet".equals(controller.getKind()) && hash != null && !hash.isEmpty()
                && controller.getName().endsWith("-" + hash) && controller.getName().length() > hash.length() + 1) {
            String deployment = controller.getName().substring(0, controller.getName().length() - hash.length() - 1);
            return new WorkloadRef("apps/v1", "Deployment", deployment, null);
        }
        return new WorkloadRef(controller.getApiVersion(), controller.getKind(), controller.getName(), controller.getUid());
    }

    private static PodResources resourcesOf(PodSpec spec) {
        return new PodResources(
                map(spec.getContainers(), c -> containerOf(c, false)),
                map(spec.getInitContainers(), c -> containerOf(c, "Always".equals(c.getRestartPolicy()))),
                quantities(spec.getOverhead()));
    }

    private static ContainerResources containerOf(Container c, boolean sidecar) {
        var resources = c.getResources();
        return new ContainerResources(c.getName(),
                resources == null ? Map.of() : quantities(resources.getRequests()),
                resources == null ? Map.of() : quantities(resources.getLimits()),
                sidecar);
    }

    private static Map<String, String> quantities(Map<String, Quantity> values) {
        if (values == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, q) -> {
            if (q != null && q.getAmount() != null) {
                out.put(k, q.getAmount() + (q.getFormat() == null ? "" : q.getFormat()));
            }
        });
        return out;
    }

    private static NodeAffinity nodeAffinityOf(PodSpec spec) {
        if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
            return NodeAffinity.NONE;
        }
        var affinity = spec.getAffinity().getNodeAffinity();
        var required = affinity.getRequiredDuringSchedulingIgnoredDuringExecution();
        return new NodeAffinity(
                required == null ? List.of() : map(required.getNodeSelectorTerms(), PodViews::nodeTermOf),
                map(affinity.getPreferredDuringSchedulingIgnoredDuringExecution(),
                        p -> new PreferredSchedulingTerm(intOrZero(p.getWeight()),
                                p.getPreference() == null ? new NodeSelectorTerm(List.of(), List.of()) : nodeTermOf(p.getPreference()))));
    }

    private static NodeSelectorTerm nodeTermOf(io.fabric8.kubernetes.api.model.NodeSelectorTerm term) {
        return new NodeSelectorTerm(
                map(term.getMatchExpressions(), e -> new NodeSelectorRequirement(e.getKey(), e.getOperator(), e.getValues())),
                map(term.getMatchFields(), e -> new NodeSelectorRequirement(e.getKey(), e.getOperator(), e.getValues())));
    }

    private static TopologySpreadConstraint spreadOf(io.fabric8.kubernetes.api.model.TopologySpreadConstraint c) {
        return new TopologySpreadConstraint(intOrZero(c.getMaxSkew()), c.getTopologyKey(), c.getWhenUnsatisfiable(),
                selectorOf(c.getLabelSelector()), c.getMatchLabelKeys(), c.getMinDomains(),
                c.getNodeAffinityPolicy(), c.getNodeTaintsPolicy());
    }

    private static PodAffinityTermSpec termOf(io.fabric8.kubernetes.api.model.PodAffinityTerm t) {
        if (t == null) {
            throw FieldException.missing("podAffinityTerm");
        }
        return new PodAffinityTermSpec(selectorOf(t.getLabelSelector()), t.getNamespaces(), selectorOf(t.getNamespaceSelector()),
                t.getTopologyKey(), t.getMatchLabelKeys(), t.getMismatchLabelKeys());
    }

    private static LabelSelectorSpec selectorOf(io.fabric8.kubernetes.api.model.LabelSelector s) {
        if (s == null) {
            return null;
        }
        return new LabelSelectorSpec(s.getMatchLabels(),
                map(s.getMatchExpressions(), e -> new LabelSelectorRequirement(e.getKey(), e.getOperator(), e.getValues())));
    }

    private static List<HostPortSpec> hostPortsOf(PodSpec spec) {
        List<HostPortSpec> ports = new ArrayList<>();
        List<Container> containers = new ArrayList<>(nullToEmpty(spec.getContainers()));
        nullToEmpty(spec.getInitContainers()).stream().filter(c -> "Always".equals(c.getRestartPolicy())).forEach(containers::add);
        for (Container c : containers) {
            for (ContainerPort p : nullToEmpty(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    ports.add(new HostPortSpec(p.getHostPort(), p.getProtocol(), p.getHostIP()));
                }
            }
        }
        return ports;
    }

    private static List<VolumeClaim> volumeClaimsOf(String podName, PodSpec spec) {
        List<VolumeClaim> claims = new ArrayList<>();
        for (Volume v : nullToEmpty(spec.getVolumes())) {
            if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                claims.add(VolumeClaim.unresolved(v.getPersistentVolumeClaim().getClaimName(), false));
            } else if (v.getEphemeral() != null && podName != null) {
                claims.add(VolumeClaim.unresolved(podName + "-" + v.getName(), true));
            }
        }
        return claims;
    }

    private static Instant creationTimestampOf(String id, String timestamp) {
        if (timestamp == null || timestamp.isBlank()) {
            return null; // reported as missing 'metadata.creationTimestamp'
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(id + ": invalid value at 'metadata.creationTimestamp': '" + timestamp + "'", e);
        }
    }

    // ---- which pods Karpenter acts on -----------------------------------------------------------------------------

    /**
     * Karpenter's {@code IsProvisionable} (§1.1): kube-scheduler marked it {@code PodScheduled=False, reason Unschedulable},
     * it is not bound, not nominated (preemption), not owned by a DaemonSet, not a mirror pod. Phase is not checked.
     */
    public static boolean isProvisionable(Pod pod) {
        PodSpec spec = pod.getSpec();
        return isMarkedUnschedulable(pod)
                && (spec == null || isBlank(spec.getNodeName()))
                && (pod.getStatus() == null || isBlank(pod.getStatus().getNominatedNodeName()))
                && !isDaemonSetPod(pod)
                && !isMirrorPod(pod);
    }

    /**
     * Why Karpenter would not act on this pod, or empty if it would (it is provisionable and valid, §1.1 and §1.2):
     * DaemonSet / mirror / terminal / terminating / bound / nominated / not marked unschedulable, opts out of
     * NodePools, matchFields, restricted or invalid selector keys and values, unsupported operators, DRA claims.
     * PVC problems need the PVC objects and are not checked here.
     */
    public static Optional<Reason> ignoredBecause(Pod pod) {
        return explainIgnored(pod).map(ReasonMessage::reason);
    }

    /** Like {@link #ignoredBecause}, with the readable message. */
    public static Optional<ReasonMessage> explainIgnored(Pod pod) {
        PodSpec spec = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
        var meta = pod.getMetadata();
        var status = pod.getStatus();
        Optional<OwnerReference> daemonSet = owners(pod).stream().filter(r -> "DaemonSet".equals(r.getKind())).findFirst();
        if (daemonSet.isPresent()) {
            return Optional.of(Reason.DAEMONSET_POD.format(daemonSet.get().getName()));
        }
        if (isMirrorPod(pod)) {
            String node = owners(pod).stream().filter(r -> "Node".equals(r.getKind())).map(OwnerReference::getName)
                    .findFirst().orElse(spec.getNodeName());
            return Optional.of(Reason.MIRROR_POD.format(node));
        }
        if (status != null && ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase()))) {
            return Optional.of(Reason.TERMINAL_POD.format(status.getPhase()));
        }
        if (meta != null && meta.getDeletionTimestamp() != null) {
            return Optional.of(Reason.TERMINATING_POD.format());
        }
        if (!isBlank(spec.getNodeName())) {
            return Optional.of(Reason.ALREADY_BOUND.format(spec.getNodeName()));
        }
        if (status != null && !isBlank(status.getNominatedNodeName())) {
            return Optional.of(Reason.NOMINATED.format(status.getNominatedNodeName()));
        }
        if (!isMarkedUnschedulable(pod)) {
            return Optional.of(Reason.NOT_MARKED_UNSCHEDULABLE.format());
        }
        return invalidSelector(spec).or(() -> spec.getResourceClaims() == null || spec.getResourceClaims().isEmpty()
                ? Optional.empty()
                : Optional.of(Reason.DRA_RESOURCE_CLAIMS.format(map(spec.getResourceClaims(), c -> c.getName()))));
    }

    private static Optional<ReasonMessage> invalidSelector(PodSpec spec) {
        List<NodeSelectorRequirement> strict = new ArrayList<>();
        nullToEmpty(spec.getNodeSelector()).forEach((k, v) -> strict.add(NodeSelectorRequirement.in(k, v)));
        NodeAffinity affinity = nodeAffinityOf(spec);
        if (!affinity.required().isEmpty()) {
            strict.addAll(affinity.required().get(0).matchExpressions());
        }
        if (strict.stream().anyMatch(r -> NODEPOOL_LABEL.equals(r.key()) && "DoesNotExist".equals(r.operator()))) {
            return Optional.of(Reason.OPTS_OUT_OF_NODEPOOLS.format());
        }
        List<NodeSelectorTerm> terms = new ArrayList<>(affinity.required());
        affinity.preferred().forEach(p -> terms.add(p.preference()));
        if (terms.stream().anyMatch(t -> !t.matchFields().isEmpty())) {
            return Optional.of(Reason.UNSUPPORTED_MATCH_FIELDS.format());
        }
        List<NodeSelectorRequirement> all = new ArrayList<>();
        nullToEmpty(spec.getNodeSelector()).forEach((k, v) -> all.add(NodeSelectorRequirement.in(k, v)));
        terms.forEach(t -> all.addAll(t.matchExpressions()));
        for (NodeSelectorRequirement r : all) {
            if (isRestricted(r.key())) {
                return Optional.of(Reason.RESTRICTED_LABEL.format(r.key()));
            }
            Optional<String> problem = requirementProblem(r);
            if (problem.isPresent()) {
                return Optional.of(Reason.INVALID_SELECTOR.format(r.key() + " " + r.operator() + " " + r.values(), problem.get()));
            }
        }
        return Optional.empty();
    }

    /** Karpenter's restricted selector keys: {@code kubernetes.io/hostname}, and the karpenter.sh domain but its well-known labels. */
    static boolean isRestricted(String key) {
        if (HOSTNAME_LABEL.equals(key)) {
            return true;
        }
        if (NODEPOOL_LABEL.equals(key) || CAPACITY_TYPE_LABEL.equals(key)) {
            return false;
        }
        int slash = key.indexOf('/');
        String domain = slash < 0 ? "" : key.substring(0, slash);
        return domain.equals("karpenter.sh") || domain.endsWith(".karpenter.sh");
    }

    private static Optional<String> requirementProblem(NodeSelectorRequirement r) {
        if (!isValidLabelKey(r.key())) {
            return Optional.of("invalid label key");
        }
        if (!OPERATORS.contains(r.operator())) {
            return Optional.of("unsupported operator " + r.operator());
        }
        if ("In".equals(r.operator()) && r.values().isEmpty()) {
            return Optional.of("In needs at least one value");
        }
        if (NUMERIC_OPERATORS.contains(r.operator())
                && (r.values().size() != 1 || !r.values().get(0).matches("[0-9]+"))) {
            return Optional.of(r.operator() + " needs exactly one non-negative integer");
        }
        for (String value : r.values()) {
            if (!value.isEmpty() && (value.length() > 63 || !NAME_PART.matcher(value).matches())) {
                return Optional.of("invalid label value '" + value + "'");
            }
        }
        return Optional.empty();
    }

    static boolean isValidLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && NAME_PART.matcher(name).matches();
    }

    /** kube-scheduler's verdict: condition PodScheduled with status False and reason Unschedulable. */
    public static boolean isMarkedUnschedulable(Pod pod) {
        return podScheduledCondition(pod)
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                .isPresent();
    }

    public static Optional<PodCondition> podScheduledCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst();
    }

    public static boolean isDaemonSetPod(Pod pod) {
        return owners(pod).stream().anyMatch(r -> "DaemonSet".equals(r.getKind()));
    }

    /** A static pod's mirror: owned by its Node, or annotated {@code kubernetes.io/config.mirror}. */
    public static boolean isMirrorPod(Pod pod) {
        return owners(pod).stream().anyMatch(r -> "Node".equals(r.getKind()))
                || (pod.getMetadata() != null && nullToEmpty(pod.getMetadata().getAnnotations()).containsKey(MIRROR_ANNOTATION));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static List<OwnerReference> owners(Pod pod) {
        return pod.getMetadata() == null ? List.of() : nullToEmpty(pod.getMetadata().getOwnerReferences());
    }

    private static String describe(Pod pod) {
        if (pod == null) {
            throw new IllegalArgumentException("Pod: null");
        }
        var meta = pod.getMetadata();
        return meta == null ? "Pod <no metadata>" : "Pod " + meta.getNamespace() + "/" + meta.getName();
    }

    private static <A, B> List<B> map(List<A> values, Function<A, B> f) {
        return values == null ? List.of() : values.stream().filter(v -> v != null).map(f).toList();
    }

    private static <T> List<T> nullToEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static <V> Map<String, V> nullToEmpty(Map<String, V> values) {
        return values == null ? Map.of() : values;
    }

    private static int intOrZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
