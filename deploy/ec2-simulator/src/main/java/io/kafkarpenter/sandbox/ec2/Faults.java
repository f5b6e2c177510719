package io.kafkarpenter.sandbox.ec2;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Programmable faults, changed at any time from tests ({@code simulator.faults().insufficientCapacity(...)}), from a
 * file ({@link FaultsSpec}) or over HTTP. All methods are thread-safe and return {@code this} for chaining.
 *
 * <ul>
 *   <li>insufficient capacity per pool (instance type × zone × capacity type, any of them a wildcard), or a pool with
 *       only N more instances: CreateFleet reports {@code InsufficientInstanceCapacity} for it and tries the next override;</li>
 *   <li>throttling: the next N calls, or a requests-per-second budget: HTTP 503 {@code RequestLimitExceeded} (EKS:
 *       429 {@code ThrottlingException}, IAM: 400 {@code Throttling});</li>
 *   <li>partial fleets: at most N instances per CreateFleet, the rest reported as {@code UnfulfillableCapacity};</li>
 *   <li>latency added to every call or to one action;</li>
 *   <li>vCPU quotas: {@code VcpuLimitExceeded} (on-demand), {@code MaxSpotInstanceCountExceeded} (spot);</li>
 *   <li>any error code on any action for N calls.</li>
 * </ul>
 * Actions are EC2 action names or EKS / IAM operation names ({@code DescribeCluster}, {@code TagResource},
 * {@code AddRoleToInstanceProfile}, ...): one process serves all three APIs.
 */
public final class Faults {
    /** Capacity types as EC2 names them. */
    public static final String ON_DEMAND = "on-demand";
    public static final String SPOT = "spot";

    private final Clock clock;
    private final List<FaultsSpec.Pool> insufficient = new ArrayList<>();
    private final List<LimitedPool> limitedPools = new ArrayList<>();
    private int throttleCalls;
    private Set<String> throttleActions = Set.of();
    private Double requestsPerSecond;
    private TokenBucket requestRate;
    private Duration latency = Duration.ZERO;
    private final Map<String, Duration> actionLatency = new HashMap<>();
    private Integer onDemandVcpuQuota;
    private Integer spotVcpuQuota;
    private Integer maxInstancesPerFleet;
    private final List<PendingFailure> failures = new ArrayList<>();
    private Double spotInterruptionsPerHour;

    private static final class LimitedPool {
        final FaultsSpec.Pool pool;
        int available;

        LimitedPool(FaultsSpec.Pool pool, int available) {
            this.pool = pool;
            this.available = available;
        }
    }

    private static final class PendingFailure {
        final FaultsSpec.Failure failure;
        int remaining;

        PendingFailure(FaultsSpec.Failure failure, int remaining) {
            this.failure = failure;
            this.remaining = remaining;
        }
    }

    Faults(Clock clock) {
        this.clock = clock;
    }

    // ---------------------------------------------------------------- programming

    /** The pool answers {@code InsufficientInstanceCapacity} until cleared; null (or "*") matches any value. */
    public synchronized Faults insufficientCapacity(String instanceType, String zone, String capacityType) {
        insufficient.add(new FaultsSpec.Pool(instanceType, zone, capacityType, null));
        return this;
    }

    public synchronized Faults clearInsufficientCapacity() {
        insufficient.clear();
        return this;
    }

    /** The pool has only {@code available} more instances; after that it answers {@code InsufficientInstanceCapacity}. */
    public synchronized Faults poolCapacity(String instanceType, String zone, String capacityType, int available) {
        limitedPools.add(new LimitedPool(new FaultsSpec.Pool(instanceType, zone, capacityType, available), available));
        return this;
    }

    /** The next {@code calls} calls (of these actions; of every action when none given) get {@code RequestLimitExceeded}. */
    public synchronized Faults throttleNext(int calls, String... actions) {
        this.throttleCalls = calls;
        this.throttleActions = Set.of(actions);
        return this;
    }

    /** At most {@code requestsPerSecond} calls per second (burst of the same size); null turns it off. */
    public synchronized Faults throttleRate(Double requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
        this.requestRate = requestsPerSecond == null ? null : new TokenBucket(requestsPerSecond, requestsPerSecond, clock.instant());
        return this;
    }

    public synchronized Faults latency(Duration latency) {
        this.latency = latency == null ? Duration.ZERO : latency;
        return this;
    }

    public synchronized Faults latency(String action, Duration latency) {
        if (latency == null) {
            actionLatency.remove(action);
        } else {
            actionLatency.put(action, latency);
        }
        return this;
    }

    /** vCPUs of live on-demand instances allowed; null = unlimited. */
    public synchronized Faults onDemandVcpuQuota(Integer vcpus) {
        this.onDemandVcpuQuota = vcpus;
        return this;
    }

    /** vCPUs of live spot instances allowed; null = unlimited. */
    public synchronized Faults spotVcpuQuota(Integer vcpus) {
        this.spotVcpuQuota = vcpus;
        return this;
    }

    /** Partial fleets: each CreateFleet launches at most this many instances; null = no limit. */
    public synchronized Faults maxInstancesPerFleet(Integer instances) {
        this.maxInstancesPerFleet = instances;
        return this;
    }

    /** The next {@code calls} calls of {@code action} ("*" = any) fail with this error. */
    public synchronized Faults failNext(String action, int calls, String code, int httpStatus, String message) {
        failures.add(new PendingFailure(new FaultsSpec.Failure(action, code, httpStatus, message, calls), calls));
        return this;
    }

    public synchronized Faults failNext(String action, int calls, String code, int httpStatus) {
        return failNext(action, calls, code, httpStatus, "Simulated " + code);
    }

    /** Removes every fault. */
    /**
     * Every running spot instance gets a spot interruption warning (as {@code interrupt(id, SPOT)}) at this rate per
     * hour of the simulator's clock; null or 0: never. Drawn when the interruption queue is read (ReceiveMessage).
     */
    public synchronized Faults spotInterruptionRate(Double perHour) {
        if (perHour != null && (perHour.isNaN() || perHour < 0)) {
            throw new IllegalArgumentException("spotInterruptionsPerHour: zero or positive, was " + perHour);
        }
        this.spotInterruptionsPerHour = perHour;
        return this;
    }

    synchronized double spotInterruptionsPerHour() {
        return spotInterruptionsPerHour == null ? 0 : spotInterruptionsPerHour;
    }

    public synchronized Faults reset() {
        insufficient.clear();
        limitedPools.clear();
        throttleCalls = 0;
        throttleActions = Set.of();
        requestsPerSecond = null;
        requestRate = null;
        latency = Duration.ZERO;
        actionLatency.clear();
        onDemandVcpuQuota = null;
        spotVcpuQuota = null;
        maxInstancesPerFleet = null;
        failures.clear();
        spotInterruptionsPerHour = null;
        return this;
    }

    /** Replaces every fault with the ones in {@code spec}. */
    public synchronized Faults apply(FaultsSpec spec) {
        reset();
        if (spec == null) {
            return this;
        }
        if (spec.insufficientCapacity() != null) {
            insufficient.addAll(spec.insufficientCapacity());
        }
        if (spec.poolCapacity() != null) {
            for (FaultsSpec.Pool p : spec.poolCapacity()) {
                int available = p.available() == null ? 0 : p.available();
                limitedPools.add(new LimitedPool(p, available));
            }
        }
        if (spec.throttle() != null) {
            List<String> actions = spec.throttle().actions() == null ? List.of() : spec.throttle().actions();
            throttleNext(spec.throttle().calls(), actions.toArray(String[]::new));
        }
        throttleRate(spec.requestsPerSecond());
        latency(spec.latency());
        if (spec.actionLatency() != null) {
            actionLatency.putAll(spec.actionLatency());
        }
        onDemandVcpuQuota = spec.onDemandVcpuQuota();
        spotVcpuQuota = spec.spotVcpuQuota();
        maxInstancesPerFleet = spec.maxInstancesPerFleet();
        spotInterruptionRate(spec.spotInterruptionsPerHour());
        if (spec.failures() != null) {
            for (FaultsSpec.Failure f : spec.failures()) {
                failures.add(new PendingFailure(f, f.calls() == null ? 1 : f.calls()));
            }
        }
        return this;
    }

    /** The faults now in force, as data. */
    public synchronized FaultsSpec spec() {
        List<FaultsSpec.Pool> pools = new ArrayList<>();
        for (LimitedPool p : limitedPools) {
            pools.add(new FaultsSpec.Pool(p.pool.instanceType(), p.pool.zone(), p.pool.capacityType(), p.available));
        }
        List<FaultsSpec.Failure> pending = new ArrayList<>();
        for (PendingFailure f : failures) {
            pending.add(new FaultsSpec.Failure(f.failure.action(), f.failure.code(), f.failure.status(), f.failure.message(), f.remaining));
        }
        return new FaultsSpec(List.copyOf(insufficient), pools,
                throttleCalls > 0 ? new FaultsSpec.Throttle(throttleCalls, List.copyOf(throttleActions)) : null,
                requestsPerSecond, latency.isZero() ? null : latency, actionLatency.isEmpty() ? null : Map.copyOf(actionLatency),
                onDemandVcpuQuota, spotVcpuQuota, maxInstancesPerFleet, pending, spotInterruptionsPerHour);
    }

    // ---------------------------------------------------------------- used by the simulator

    synchronized Duration latencyFor(String action) {
        return latency.plus(actionLatency.getOrDefault(action, Duration.ZERO));
    }

    /** The error this call must fail with before it is handled (throttling, scripted failures), or null. */
    synchronized Ec2Error beforeHandling(String action) {
        if (throttleCalls > 0 && (throttleActions.isEmpty() || throttleActions.contains(action))) {
            throttleCalls--;
            return Ec2Error.throttled();
        }
        if (requestRate != null && !requestRate.tryTake(1, clock.instant())) {
            return Ec2Error.throttled();
        }
        for (PendingFailure f : failures) {
            String wanted = f.failure.action();
            if (f.remaining > 0 && (wanted == null || wanted.equals("*") || wanted.equals(action))) {
                f.remaining--;
                int status = f.failure.status() == null ? 400 : f.failure.status();
                String message = f.failure.message() == null ? "Simulated " + f.failure.code() : f.failure.message();
                return new Ec2Error(status, f.failure.code(), message);
            }
        }
        failures.removeIf(f -> f.remaining <= 0);
        return null;
    }

    synchronized boolean isInsufficient(String instanceType, String zone, String capacityType) {
        for (FaultsSpec.Pool p : insufficient) {
            if (matches(p, instanceType, zone, capacityType)) {
                return true;
            }
        }
        return false;
    }

    /** Takes one instance from every limited pool that covers this one; false (nothing taken) when one is empty. */
    synchronized boolean takeFromLimitedPools(String instanceType, String zone, String capacityType) {
        List<LimitedPool> covering = new ArrayList<>();
        for (LimitedPool p : limitedPools) {
            if (matches(p.pool, instanceType, zone, capacityType)) {
                if (p.available <= 0) {
                    return false;
                }
                covering.add(p);
            }
        }
        covering.forEach(p -> p.available--);
        return true;
    }

    synchronized Integer vcpuQuota(String capacityType) {
        return SPOT.equals(capacityType) ? spotVcpuQuota : onDemandVcpuQuota;
    }

    synchronized Integer maxInstancesPerFleet() {
        return maxInstancesPerFleet;
    }

    private static boolean matches(FaultsSpec.Pool p, String instanceType, String zone, String capacityType) {
        return matchesField(p.instanceType(), instanceType) && matchesField(p.zone(), zone)
                && matchesField(p.capacityType(), capacityType);
    }

    private static boolean matchesField(String wanted, String actual) {
        return wanted == null || wanted.equals("*") || wanted.equals(actual);
    }
}
