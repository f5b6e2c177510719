package io.kafkarpenter.sandbox.ec2;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * EC2's request throttling (aws-apis.md §5): one token bucket per action, sized by the action's category, plus the
 * resource-rate buckets whose tokens are instances. A call takes one token from its bucket (and, for
 * TerminateInstances, one per instance from {@code TerminateInstances/instances}; for CreateFleet with
 * {@code chargeFleetInstances}, its TotalTargetCapacity from {@code RunInstances/instances}); without them it is
 * answered 503 {@code RequestLimitExceeded} and takes nothing. Buckets start full and refill continuously on the
 * simulator's clock. Off unless enabled ({@link RequestLimitsSpec}); calls per action and the answer times are counted
 * either way, throttled calls only when on. Thread-safe.
 */
public final class RequestLimits {
    /** Bucket name suffix of the unfiltered and unpaginated variant of an action. */
    static final String UNFILTERED = "/unfiltered";
    static final String RUN_INSTANCES_RESOURCE = "RunInstances/instances";
    static final String TERMINATE_INSTANCES_RESOURCE = "TerminateInstances/instances";

    private static final RequestLimitsSpec.Bucket NON_MUTATING = new RequestLimitsSpec.Bucket(100, 20);
    private static final RequestLimitsSpec.Bucket UNFILTERED_NON_MUTATING = new RequestLimitsSpec.Bucket(50, 10);
    private static final RequestLimitsSpec.Bucket MUTATING = new RequestLimitsSpec.Bucket(50, 5);
    /** Actions EC2 throttles harder when called without a filter and without pagination. */
    private static final Set<String> UNFILTERED_CATEGORY = Set.of("DescribeInstances", "DescribeInstanceStatus",
            "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
            "DescribeVolumes");
    /** The actions with their own row ("uncategorized") and the resource-rate buckets. */
    private static final Map<String, RequestLimitsSpec.Bucket> OWN_ROWS = Map.ofEntries(
            Map.entry("RunInstances", new RequestLimitsSpec.Bucket(5, 2)),
            Map.entry("StartInstances", new RequestLimitsSpec.Bucket(5, 2)),
            Map.entry("TerminateInstances", new RequestLimitsSpec.Bucket(100, 5)),
            Map.entry("CreateTags", new RequestLimitsSpec.Bucket(100, 10)),
            Map.entry("DeleteTags", new RequestLimitsSpec.Bucket(100, 10)),
            Map.entry("CreateLaunchTemplateVersion", new RequestLimitsSpec.Bucket(100, 5)),
            Map.entry("ModifyLaunchTemplate", new RequestLimitsSpec.Bucket(100, 5)),
            Map.entry("CreateNetworkInterface", new RequestLimitsSpec.Bucket(100, 5)),
            Map.entry("CreateVolume", new RequestLimitsSpec.Bucket(100, 5)),
            Map.entry("DeleteVolume", new RequestLimitsSpec.Bucket(100, 5)),
            Map.entry(RUN_INSTANCES_RESOURCE, new RequestLimitsSpec.Bucket(1000, 2)),
            Map.entry(TERMINATE_INSTANCES_RESOURCE, new RequestLimitsSpec.Bucket(1000, 20)),
            Map.entry("StartInstances/instances", new RequestLimitsSpec.Bucket(1000, 2)),
            Map.entry("StopInstances/instances", new RequestLimitsSpec.Bucket(1000, 20)));

    private final Clock clock;
    private RequestLimitsSpec spec = RequestLimitsSpec.disabled();
    private final Map<String, TokenBucket> buckets = new HashMap<>();
    private final Map<String, Long> calls = new TreeMap<>();
    private final Map<String, Long> throttled = new TreeMap<>();
    private final Map<String, Instant> firstAnswered = new TreeMap<>();
    private final Map<String, Instant> lastAnswered = new TreeMap<>();

    RequestLimits(Clock clock, RequestLimitsSpec initial) {
        this.clock = clock;
        apply(initial);
    }

    /** Replaces the configuration; every bucket starts full again. The counts stay. */
    public synchronized RequestLimits apply(RequestLimitsSpec newSpec) {
        spec = newSpec == null ? RequestLimitsSpec.disabled() : newSpec;
        buckets.clear();
        return this;
    }

    public synchronized RequestLimitsSpec spec() {
        return spec;
    }

    /** What {@code GET /_sim/request-limits} answers: the configuration and the counts. */
    public synchronized Report report() {
        return new Report(spec.isEnabled(), spec.buckets(), spec.chargesFleetInstances(), Map.copyOf(calls),
                Map.copyOf(throttled), Map.copyOf(firstAnswered), Map.copyOf(lastAnswered));
    }

    /**
     * The configuration and the counts since the simulator started: calls per action (throttled ones included),
     * throttled calls per action, and per action when the first and the last call not throttled were answered.
     */
    public record Report(boolean enabled, Map<String, RequestLimitsSpec.Bucket> buckets, boolean chargeFleetInstances,
                         Map<String, Long> calls, Map<String, Long> throttled, Map<String, Instant> firstAnswered,
                         Map<String, Instant> lastAnswered) {
        public Report {
            calls = new TreeMap<>(calls);
            throttled = new TreeMap<>(throttled);
            firstAnswered = new TreeMap<>(firstAnswered);
            lastAnswered = new TreeMap<>(lastAnswered);
        }
    }

    /** EC2's size of a bucket: an action's category or own row, or a resource-rate bucket ({@code X/instances}). */
    static RequestLimitsSpec.Bucket defaultBucket(String bucket) {
        RequestLimitsSpec.Bucket own = OWN_ROWS.get(bucket);
        if (own != null) {
            return own;
        }
        if (bucket.endsWith(UNFILTERED)) {
            return UNFILTERED_NON_MUTATING;
        }
        for (String prefix : new String[] {"Describe", "List", "Search", "Get"}) {
            if (bucket.startsWith(prefix)) {
                return NON_MUTATING;
            }
        }
        return MUTATING;
    }

    /**
     * The request bucket a call draws on: the action's, or {@code <Action>/unfiltered} for the actions of that
     * category called without any {@code Filter.N} and without pagination ({@code MaxResults}, {@code NextToken}).
     */
    static String requestBucket(String action, QueryRequest request) {
        if (UNFILTERED_CATEGORY.contains(action)) {
            boolean narrowed = request.asMap().keySet().stream().anyMatch(k -> k.startsWith("Filter.")
                    || k.equals("MaxResults") || k.equals("NextToken"));
            if (!narrowed) {
                return action + UNFILTERED;
            }
        }
        return action;
    }

    /**
     * Counts the call and takes its tokens; the {@code RequestLimitExceeded} error when a bucket it needs is short
     * (then nothing is taken), null when it may go on.
     */
    synchronized Ec2Error admit(String action, QueryRequest request) {
        calls.merge(action, 1L, Long::sum);
        if (!spec.isEnabled()) {
            return null;
        }
        Instant now = clock.instant();
        TokenBucket requests = bucket(requestBucket(action, request), now);
        TokenBucket resource = null;
        int instances = 0;
        if (action.equals("TerminateInstances")) {
            resource = bucket(TERMINATE_INSTANCES_RESOURCE, now);
            instances = request.list("InstanceId").size();
        } else if (action.equals("CreateFleet") && spec.chargesFleetInstances()) {
            resource = bucket(RUN_INSTANCES_RESOURCE, now);
            Integer total = request.struct("TargetCapacitySpecification").integer("TotalTargetCapacity");
            instances = total == null ? 0 : Math.max(0, total);
        }
        if (!requests.has(1, now) || (resource != null && !resource.has(instances, now))) {
            throttled.merge(action, 1L, Long::sum);
            return Ec2Error.throttled();
        }
        requests.tryTake(1, now);
        if (resource != null) {
            resource.tryTake(instances, now);
        }
        return null;
    }

    /** The call was answered (with anything but this limiter's throttling): remember when. */
    synchronized void answered(String action) {
        Instant now = clock.instant();
        firstAnswered.putIfAbsent(action, now);
        lastAnswered.put(action, now);
    }

    private TokenBucket bucket(String name, Instant now) {
        return buckets.computeIfAbsent(name, n -> {
            RequestLimitsSpec.Bucket size = spec.buckets().getOrDefault(n, defaultBucket(n));
            return new TokenBucket(size.max(), size.refillPerSecond(), now);
        });
    }
}
