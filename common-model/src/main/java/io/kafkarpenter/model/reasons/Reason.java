package io.kafkarpenter.model.reasons;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one reason vocabulary of Kafkarpenter: decisions on {@code kk.decisions}, event payloads, Kubernetes
 * events and log lines all speak it. Each constant has a stable {@link #code()} (its name; never rename a
 * constant, add a new one), a {@link ReasonCategory} and a message template with {@code %s} placeholders;
 * {@link #format(Object...)} fills it into a readable {@link ReasonMessage}.
 *
 * <pre>{@code Reason.NODEPOOL_LIMIT_REACHED.format("default", "cpu", "10").text()
 *   -> "NodePool default: cpu limit 10 reached"}</pre>
 */
public enum Reason {

    // ---- why a pod stays pending ------------------------------------------------------------------------------
    NO_NODEPOOLS(ReasonCategory.UNSCHEDULABLE, "no ready NodePool found"),
    NO_NODEPOOL_MATCHES(ReasonCategory.UNSCHEDULABLE, "no NodePool matches the pod: %s"),
    NODEPOOL_INVALID(ReasonCategory.UNSCHEDULABLE, "NodePool %s is invalid: %s"),
    NODEPOOL_NOT_READY(ReasonCategory.UNSCHEDULABLE, "NodePool %s is not ready: %s"),
    NODEPOOL_LIMIT_REACHED(ReasonCategory.UNSCHEDULABLE, "NodePool %s: %s limit %s reached"),
    INCOMPATIBLE_REQUIREMENTS(ReasonCategory.UNSCHEDULABLE, "NodePool %s: incompatible requirements, %s"),
    UNTOLERATED_TAINT(ReasonCategory.UNSCHEDULABLE, "NodePool %s: untolerated taint %s"),
    NO_INSTANCE_TYPE_FITS(ReasonCategory.UNSCHEDULABLE, "NodePool %s: no instance type has %s"),
    NO_INSTANCE_TYPE_MATCHES(ReasonCategory.UNSCHEDULABLE, "NodePool %s: no instance type satisfies %s"),
    ALL_OFFERINGS_UNAVAILABLE(ReasonCategory.UNSCHEDULABLE, "NodePool %s: every offering of the fitting instance types is unavailable (%s)"),
    MIN_VALUES_NOT_MET(ReasonCategory.UNSCHEDULABLE, "NodePool %s: requirement %s needs %s distinct values, only %s possible"),
    TOPOLOGY_SPREAD_UNSATISFIABLE(ReasonCategory.UNSCHEDULABLE, "topology spread on %s (maxSkew %s) cannot be satisfied: %s"),
    POD_AFFINITY_UNSATISFIABLE(ReasonCategory.UNSCHEDULABLE, "pod affinity on %s cannot be satisfied: %s"),
    POD_ANTI_AFFINITY_UNSATISFIABLE(ReasonCategory.UNSCHEDULABLE, "pod anti-affinity on %s cannot be satisfied: %s"),
    VOLUME_ZONE_CONFLICT(ReasonCategory.UNSCHEDULABLE, "volume %s needs %s: %s"),
    VOLUME_TOPOLOGY_UNRESOLVED(ReasonCategory.UNSCHEDULABLE, "zone of volume %s is not known yet"),
    HOST_PORT_CONFLICT(ReasonCategory.UNSCHEDULABLE, "host port %s conflicts with %s"),
    NODE_UNTOLERATED_TAINT(ReasonCategory.UNSCHEDULABLE, "node %s: untolerated taint %s"),
    NODE_AFFINITY_MISMATCH(ReasonCategory.UNSCHEDULABLE, "node %s does not match the pod's node selector/affinity: %s"),
    NODE_INSUFFICIENT_RESOURCES(ReasonCategory.UNSCHEDULABLE, "node %s: insufficient %s"),
    RESERVED_CAPACITY_EXHAUSTED(ReasonCategory.UNSCHEDULABLE, "NodePool %s: reserved capacity %s exhausted, retrying"),
    SCHEDULING_TIMEOUT(ReasonCategory.UNSCHEDULABLE, "scheduling pass timed out after %s before the pod was placed"),

    // ---- why a pending pod is ignored ---------------------------------------------------------------------------
    DAEMONSET_POD(ReasonCategory.IGNORED, "pod is owned by DaemonSet %s"),
    MIRROR_POD(ReasonCategory.IGNORED, "pod is a mirror (static) pod of node %s"),
    TERMINAL_POD(ReasonCategory.IGNORED, "pod is in terminal phase %s"),
    TERMINATING_POD(ReasonCategory.IGNORED, "pod is being deleted"),
    ALREADY_BOUND(ReasonCategory.IGNORED, "pod is bound to node %s"),
    NOMINATED(ReasonCategory.IGNORED, "kube-scheduler nominated node %s for the pod (preemption)"),
    NOT_MARKED_UNSCHEDULABLE(ReasonCategory.IGNORED, "kube-scheduler has not marked the pod Unschedulable"),
    OPTS_OUT_OF_NODEPOOLS(ReasonCategory.IGNORED, "pod requires karpenter.sh/nodepool DoesNotExist"),
    UNSUPPORTED_MATCH_FIELDS(ReasonCategory.IGNORED, "node affinity uses matchFields, which is not supported"),
    RESTRICTED_LABEL(ReasonCategory.IGNORED, "selector key %s is restricted"),
    INVALID_SELECTOR(ReasonCategory.IGNORED, "invalid node selector %s: %s"),
    INVALID_VOLUME_CLAIM(ReasonCategory.IGNORED, "PersistentVolumeClaim %s: %s"),
    DRA_RESOURCE_CLAIMS(ReasonCategory.IGNORED, "pod uses dynamic resource claims %s, which are ignored"),

    // ---- scheduling outcomes ----------------------------------------------------------------------------------------
    SCHEDULED_EXISTING_NODE(ReasonCategory.SCHEDULED, "fits on existing node %s"),
    SCHEDULED_INFLIGHT_NODECLAIM(ReasonCategory.SCHEDULED, "fits on in-flight NodeClaim %s"),
    SCHEDULED_NEW_NODECLAIM(ReasonCategory.SCHEDULED, "new NodeClaim %s from NodePool %s"),
    AWAITING_LAUNCH(ReasonCategory.SCHEDULED, "waits for in-flight NodeClaim %s: launch decided %s ago, not answered by the launcher yet"),

    // ---- launch outcomes ---------------------------------------------------------------------------------------
    LAUNCHED(ReasonCategory.LAUNCH, "launched instance %s (%s)"),
    REGISTERED(ReasonCategory.LAUNCH, "node %s registered"),
    INITIALIZED(ReasonCategory.LAUNCH, "node %s initialized"),
    INSUFFICIENT_CAPACITY(ReasonCategory.LAUNCH, "insufficient capacity: %s"),
    QUOTA_EXCEEDED(ReasonCategory.LAUNCH, "quota exceeded: %s"),
    THROTTLED(ReasonCategory.LAUNCH, "EC2 throttled the request: %s"),
    UNAUTHORIZED(ReasonCategory.LAUNCH, "not authorized: %s"),
    NODECLASS_NOT_READY(ReasonCategory.LAUNCH, "EC2NodeClass %s is not ready: %s"),
    LAUNCH_FAILED(ReasonCategory.LAUNCH, "launch failed: %s"),
    LAUNCH_TIMEOUT(ReasonCategory.LAUNCH, "instance not launched within %s"),
    LAUNCH_EXPIRED(ReasonCategory.LAUNCH, "launch decision expired at %s, before the launcher took it up: nothing launched"),
    REGISTRATION_TIMEOUT(ReasonCategory.LAUNCH, "node did not register within %s"),
    INSTANCE_TERMINATED(ReasonCategory.LAUNCH, "instance %s terminated"),
    INSTANCE_NOT_FOUND(ReasonCategory.LAUNCH, "instance %s no longer exists"),

    // ---- disruption ----------------------------------------------------------------------------------------------
    EMPTY(ReasonCategory.DISRUPTION, "node %s is empty"),
    UNDERUTILIZED(ReasonCategory.DISRUPTION, "node %s is underutilized: %s"),
    DRIFTED(ReasonCategory.DISRUPTION, "node %s drifted: %s"),
    EXPIRED(ReasonCategory.DISRUPTION, "node %s expired after %s"),
    INTERRUPTED(ReasonCategory.DISRUPTION, "instance of node %s is interrupted: %s"),
    UNHEALTHY(ReasonCategory.DISRUPTION, "node %s is unhealthy: %s"),
    GARBAGE_COLLECTED(ReasonCategory.DISRUPTION, "NodeClaim %s has no instance"),
    DELETED_BY_USER(ReasonCategory.DISRUPTION, "%s %s was deleted outside Kafkarpenter (kubectl delete or an API client)"),

    // ---- interruption messages (SQS queue fed by EventBridge; io.kafkarpenter.model.interruption) ------------------
    SPOT_INTERRUPTED(ReasonCategory.DISRUPTION, "instance %s of NodeClaim %s: spot interruption warning (instance-action %s); NodeClaim deleted, unavailable offering: %s"),
    SCHEDULED_CHANGE(ReasonCategory.DISRUPTION, "instance %s of NodeClaim %s: AWS Health scheduled change %s; NodeClaim deleted"),
    INSTANCE_STATE_CHANGED(ReasonCategory.DISRUPTION, "instance %s of NodeClaim %s is %s; NodeClaim deleted"),
    CAPACITY_RESERVATION_INTERRUPTED(ReasonCategory.DISRUPTION, "instance %s of NodeClaim %s: capacity reservation interruption warning (instance-action %s); NodeClaim deleted"),
    REBALANCE_RECOMMENDED(ReasonCategory.INTERRUPTION, "instance %s of NodeClaim %s: rebalance recommendation; event only, nothing deleted"),
    INTERRUPTION_UNOWNED_INSTANCE(ReasonCategory.INTERRUPTION, "%s message %s for instance %s, which no NodeClaim of this cluster owns: ignored"),
    INTERRUPTION_MALFORMED(ReasonCategory.INVALID_INPUT, "interruption message %s could not be read and was deleted: %s"),

    // ---- the life of a disruption command (consolidator and launcher) ---------------------------------------------
    DISRUPTION_WAITING_REPLACEMENTS(ReasonCategory.DISRUPTION, "node %s waits for its replacements %s to be initialized"),
    DISRUPTION_TERMINATING(ReasonCategory.DISRUPTION, "node %s: replacements ready, draining and terminating"),
    DISRUPTION_CANCELLED(ReasonCategory.DISRUPTION_BLOCKED, "disruption of node %s cancelled and undone: %s"),
    TERMINATION_REFUSED(ReasonCategory.INVALID_INPUT, "termination request refused: %s"),
    EVICTION_BLOCKED(ReasonCategory.DISRUPTION_BLOCKED, "pod %s not evicted from node %s: %s"),

    // ---- what blocks disruption ------------------------------------------------------------------------------
    BUDGET_EXHAUSTED(ReasonCategory.DISRUPTION_BLOCKED, "NodePool %s: no allowed disruptions for %s due to blocking budget"),
    DO_NOT_DISRUPT_POD(ReasonCategory.DISRUPTION_BLOCKED, "pod %s has karpenter.sh/do-not-disrupt"),
    DO_NOT_DISRUPT_NODE(ReasonCategory.DISRUPTION_BLOCKED, "node %s has karpenter.sh/do-not-disrupt"),
    PDB_BLOCKS(ReasonCategory.DISRUPTION_BLOCKED, "PodDisruptionBudget %s prevents evicting pod %s"),
    MULTIPLE_PDBS(ReasonCategory.DISRUPTION_BLOCKED, "pod %s matches more than one PodDisruptionBudget"),
    CONSOLIDATION_DISABLED(ReasonCategory.DISRUPTION_BLOCKED, "NodePool %s has consolidation disabled"),
    NOT_CONSOLIDATABLE_YET(ReasonCategory.DISRUPTION_BLOCKED, "node %s is within consolidateAfter %s"),
    NODE_NOMINATED(ReasonCategory.DISRUPTION_BLOCKED, "node %s is nominated for pending pods"),
    NODE_NOT_INITIALIZED(ReasonCategory.DISRUPTION_BLOCKED, "node %s is not initialized"),
    PODS_WOULD_NOT_SCHEDULE(ReasonCategory.DISRUPTION_BLOCKED, "not all pods would schedule: %s"),
    NO_CHEAPER_REPLACEMENT(ReasonCategory.DISRUPTION_BLOCKED, "can't replace with a cheaper node"),
    TOO_MANY_REPLACEMENTS(ReasonCategory.DISRUPTION_BLOCKED, "can't remove without creating %s NodeClaims"),
    SPOT_TO_SPOT_DISABLED(ReasonCategory.DISRUPTION_BLOCKED, "SpotToSpotConsolidation is disabled, can't replace a spot node with a spot node"),
    VALIDATION_FAILED(ReasonCategory.DISRUPTION_BLOCKED, "decision no longer valid after the validation delay: %s"),
    NONEMPTY_CONSOLIDATION_DISABLED(ReasonCategory.DISRUPTION_BLOCKED, "NodePool %s has non-empty consolidation disabled (consolidationPolicy WhenEmpty)"),
    NODE_DELETING(ReasonCategory.DISRUPTION_BLOCKED, "node %s is being deleted"),
    NODE_LABELS_MISSING(ReasonCategory.DISRUPTION_BLOCKED, "node %s has no %s label"),
    NODEPOOL_NOT_DISRUPTABLE(ReasonCategory.DISRUPTION_BLOCKED, "node %s: NodePool %s %s"),
    SPOT_TO_SPOT_TOO_FEW_TYPES(ReasonCategory.DISRUPTION_BLOCKED, "SpotToSpotConsolidation requires %s cheaper instance type options than the current candidate to consolidate, got %s"),
    NOT_EVALUATED(ReasonCategory.DISRUPTION_BLOCKED, "node %s was not evaluated: %s acted first in this pass"),
    CONSOLIDATION_WAITING(ReasonCategory.DISRUPTION_BLOCKED, "node %s: consolidation waits until replace command %s (nodes %s) is done"),

    // ---- AWS resources: discovery tags, instance tags, instance profiles, EC2NodeClass status (tag-reconciler) ----
    DISCOVERY_TAG_ADDED(ReasonCategory.AWS_RESOURCES, "%s %s: added %s"),
    DISCOVERY_TAG_RESTORED(ReasonCategory.AWS_RESOURCES, "%s %s: restored %s, removed outside Kafkarpenter"),
    DISCOVERY_TAG_REMOVED(ReasonCategory.AWS_RESOURCES, "%s %s is no longer selected for the cluster: removed %s, which Kafkarpenter had written"),
    DISCOVERY_TAG_CONFLICT(ReasonCategory.AWS_RESOURCES, "%s %s: %s holds %s, not this cluster's value; left unchanged"),
    DISCOVERY_TAG_REFUSED(ReasonCategory.AWS_RESOURCES, "%s %s: AWS refused to %s %s: %s"),
    DISCOVERY_TAG_DRY_RUN(ReasonCategory.AWS_RESOURCES, "dry run: would %s on %s %s"),
    INSTANCE_TAGGED(ReasonCategory.AWS_RESOURCES, "instance %s of NodeClaim %s tagged %s"),
    INSTANCE_TAG_REFUSED(ReasonCategory.AWS_RESOURCES, "instance %s of NodeClaim %s not tagged: %s"),
    INSTANCE_PROFILE_CREATED(ReasonCategory.AWS_RESOURCES, "instance profile %s created for role %s of EC2NodeClass %s"),
    INSTANCE_PROFILE_DELETED(ReasonCategory.AWS_RESOURCES, "instance profile %s of EC2NodeClass %s deleted"),
    NODECLASS_READY(ReasonCategory.AWS_RESOURCES, "EC2NodeClass %s is ready: %s"),

    // ---- bad input ----------------------------------------------------------------------------------------------
    INVALID_RECORD(ReasonCategory.INVALID_INPUT, "invalid %s record: %s"),
    UNSUPPORTED_SCHEMA(ReasonCategory.INVALID_INPUT, "unsupported schema %s"),
    INVALID_OBJECT(ReasonCategory.INVALID_INPUT, "%s is invalid: %s");

    private final ReasonCategory category;
    private final String template;

    Reason(ReasonCategory category, String template) {
        this.category = category;
        this.template = template;
    }

    /** Stable identifier, used in JSON, metrics labels and logs. Equal to {@link #name()}. */
    public String code() {
        return name();
    }

    public ReasonCategory category() {
        return category;
    }

    /** The message template, {@code %s} for each argument. */
    public String template() {
        return template;
    }

    /** Number of {@code %s} placeholders in the template. */
    public int arity() {
        int count = 0;
        for (int i = template.indexOf("%s"); i >= 0; i = template.indexOf("%s", i + 2)) {
            count++;
        }
        return count;
    }

    /**
     * Fills the template. Missing arguments print as {@code ?}, extra ones are ignored, nulls print as
     * {@code null}: a message is never lost to a formatting error.
     */
    public ReasonMessage format(Object... args) {
        Object[] filled = Arrays.copyOf(args == null ? new Object[0] : args, arity());
        for (int i = 0; i < filled.length; i++) {
            if (args == null || i >= args.length) {
                filled[i] = "?";
            }
        }
        List<String> texts = new ArrayList<>(filled.length);
        for (Object f : filled) {
            texts.add(String.valueOf(f));
        }
        return new ReasonMessage(this, String.format(Locale.ROOT, template, filled), texts);
    }

    /** The Kubernetes-style CamelCase form of the code, e.g. {@code NodepoolLimitReached}, for event reasons. */
    public String camelCase() {
        StringBuilder out = new StringBuilder();
        for (String part : name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
