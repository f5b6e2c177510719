package io.kafkarpenter.launcher.ec2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.SecurityGroupStatus;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.inputs.StatusAmis;
import io.kafkarpenter.model.inputs.StatusAmis.StatusAmi;

/**
 * What a launch uses, read from the EC2NodeClass status the tag-reconciler writes (karpenter-aws §4.2, §4.5) — the
 * launcher never resolves selector terms itself: per zone the first status subnet (the status lists the subnet with
 * most free IPs first) that did not just answer {@code InsufficientFreeAddressesInSubnet}, the status' security
 * groups, per instance type the first status AMI whose requirements it meets, the instance profile of
 * {@code spec.instanceProfile} or {@code status.instanceProfile}. A class that is not Ready
 * ({@link EC2NodeClassConditions#notReady}) or whose status lacks any of these is not used.
 */
@ApplicationScoped
public class NodeClassStatusReader {

    /**
     * How long a subnet that answered {@code InsufficientFreeAddressesInSubnet} is skipped (Karpenter sets its free-IP
     * count to 0 until its next subnet refresh, 1 min); the next status subnet of its zone is used meanwhile.
     */
    public static final Duration EXHAUSTED_SUBNET_TTL = Duration.ofMinutes(1);

    /** A usable class's launch inputs, all from its status (and {@code spec.instanceProfile}). */
    public record LaunchInputs(String nodeClass, List<SubnetStatus> subnets, List<String> securityGroupIds,
                               List<StatusAmi> amis, String instanceProfile) {
    }

    private final Clock clock;
    private final Map<String, Instant> exhaustedUntil = new ConcurrentHashMap<>();

    public NodeClassStatusReader() {
        this(Clock.systemUTC());
    }

    NodeClassStatusReader(Clock clock) {
        this.clock = clock;
    }

    /** Why the class cannot be launched with now (not Ready, or a status list empty); empty when it can. */
    public Optional<String> unusable(EC2NodeClass nodeClass) {
        Optional<String> notReady = EC2NodeClassConditions.notReady(nodeClass);
        if (notReady.isPresent()) {
            return notReady;
        }
        LaunchInputs inputs = read(nodeClass);
        if (inputs.subnets().isEmpty()) {
            return Optional.of("no subnet in its status");
        }
        if (inputs.securityGroupIds().isEmpty()) {
            return Optional.of("no security group in its status");
        }
        if (inputs.amis().isEmpty()) {
            return Optional.of("no AMI in its status");
        }
        if (inputs.instanceProfile() == null) {
            return Optional.of("no instance profile in its status");
        }
        return Optional.empty();
    }

    /** The launch inputs as the status has them (check {@link #unusable} first). */
    public LaunchInputs read(EC2NodeClass nodeClass) {
        var status = nodeClass.getStatus();
        List<SubnetStatus> subnets = status == null || status.getSubnets() == null ? List.of()
            : status.getSubnets().stream().filter(s -> s.getId() != null && s.getZone() != null).toList();
        List<String> groups = status == null || status.getSecurityGroups() == null ? List.of()
            : status.getSecurityGroups().stream().map(SecurityGroupStatus::getId).filter(Objects::nonNull).distinct().sorted().toList();
        String profile = nodeClass.getSpec() != null && nodeClass.getSpec().getInstanceProfile() != null
            ? nodeClass.getSpec().getInstanceProfile() : status == null ? null : status.getInstanceProfile();
        return new LaunchInputs(nodeClass.getMetadata().getName(), subnets, groups, StatusAmis.of(nodeClass), profile);
    }

    /** Per zone, the first status subnet not recently exhausted (Karpenter's ZonalSubnetsForLaunch over the status order). */
    public Map<String, SubnetStatus> zonalSubnets(LaunchInputs inputs) {
        Instant now = clock.instant();
        exhaustedUntil.values().removeIf(until -> !until.isAfter(now));
        Map<String, SubnetStatus> out = new LinkedHashMap<>();
        for (SubnetStatus s : inputs.subnets()) {
            if (!exhaustedUntil.containsKey(s.getId())) {
                out.putIfAbsent(s.getZone(), s);
            }
        }
        return out;
    }

    /** The AMI an instance type with these labels launches with: the first status AMI whose requirements they meet. */
    public Optional<StatusAmi> ami(LaunchInputs inputs, Map<String, String> labels) {
        return StatusAmis.forLabels(inputs.amis(), labels);
    }

    /** A subnet answered {@code InsufficientFreeAddressesInSubnet}: skip it for {@link #EXHAUSTED_SUBNET_TTL}. */
    public void exhausted(String subnetId) {
        if (subnetId != null) {
            exhaustedUntil.put(subnetId, clock.instant().plus(EXHAUSTED_SUBNET_TTL));
        }
    }
}
