package io.kafkarpenter.sandbox.kube.kubelet;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.NetworkCardInfo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instance-type facts from EC2's {@code DescribeInstanceTypes} (cached per type): the {@code kubernetes.io/arch},
 * {@code node.kubernetes.io/instance-type} and {@code karpenter.k8s.aws/instance-*} labels of karpenter-aws.md §5.2
 * that DescribeInstanceTypes can answer, and the AL2023 capacity/allocatable of {@link Al2023NodeResources}.
 *
 * <p>To be replaced by common-model's built-in catalog once it lands (same labels, same formulas).
 */
public final class Ec2InstanceTypeFacts implements InstanceTypeFacts {

    private static final Pattern NAME = Pattern.compile("^([a-z]+)(-[0-9]+tb)?([0-9]+).*\\.");

    private final Ec2Client ec2;
    private final Map<String, Optional<NodeShape>> cache = new ConcurrentHashMap<>();

    public Ec2InstanceTypeFacts(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public Optional<NodeShape> shape(String instanceType) {
        Optional<NodeShape> known = cache.get(instanceType);
        if (known != null) {
            return known;
        }
        Optional<NodeShape> described;
        try {
            described = ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(instanceType)).instanceTypes()
                    .stream().findFirst().map(Ec2InstanceTypeFacts::toShape);
        } catch (Ec2Exception e) {
            if (!"InvalidInstanceType".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            described = Optional.empty();
        }
        cache.put(instanceType, described);
        return described;
    }

    static NodeShape toShape(InstanceTypeInfo info) {
        String name = info.instanceTypeAsString();
        boolean arm64 = info.processorInfo() != null
                && info.processorInfo().supportedArchitecturesAsStrings().stream().findFirst().orElse("x86_64").equals("arm64");
        int vcpus = info.vCpuInfo().defaultVCpus();
        long memoryMiB = info.memoryInfo().sizeInMiB();

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("node.kubernetes.io/instance-type", name);
        labels.put("kubernetes.io/arch", arm64 ? "arm64" : "amd64");
        labels.put("kubernetes.io/os", "linux");
        int dot = name.indexOf('.');
        if (dot > 0) {
            labels.put("karpenter.k8s.aws/instance-family", name.substring(0, dot));
            labels.put("karpenter.k8s.aws/instance-size", name.substring(dot + 1));
        }
        Matcher m = NAME.matcher(name);
        if (m.find()) {
            labels.put("karpenter.k8s.aws/instance-category", m.group(1));
            labels.put("karpenter.k8s.aws/instance-generation", m.group(3));
        }
        labels.put("karpenter.k8s.aws/instance-cpu", Integer.toString(vcpus));
        labels.put("karpenter.k8s.aws/instance-memory", Long.toString(memoryMiB));
        if (info.processorInfo() != null && info.processorInfo().manufacturer() != null) {
            labels.put("karpenter.k8s.aws/instance-cpu-manufacturer",
                    info.processorInfo().manufacturer().toLowerCase(Locale.ROOT).replace(' ', '-'));
        }
        if (info.hypervisorAsString() != null) {
            labels.put("karpenter.k8s.aws/instance-hypervisor", info.hypervisorAsString());
        }

        int pods = 110;
        var network = info.networkInfo();
        if (network != null && network.ipv4AddressesPerInterface() != null) {
            int enis = network.maximumNetworkInterfaces() == null ? 0 : network.maximumNetworkInterfaces();
            Integer defaultCard = network.defaultNetworkCardIndex();
            for (NetworkCardInfo card : network.networkCards()) {
                if (defaultCard != null && defaultCard.equals(card.networkCardIndex()) && card.maximumNetworkInterfaces() != null) {
                    enis = card.maximumNetworkInterfaces();
                }
            }
            if (enis > 0) {
                pods = Al2023NodeResources.eniLimitedPods(enis, network.ipv4AddressesPerInterface());
            }
        }
        var resources = Al2023NodeResources.compute(vcpus, memoryMiB, arm64, pods);
        return new NodeShape(labels, resources.capacity(), resources.allocatable());
    }
}
