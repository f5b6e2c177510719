package io.kafkarpenter.launcher.ec2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.launcher.eks.ClusterBootstrap;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateHttpTokensState;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * One launch template per (NodeClass, NodePool, capacity type, AMI, security groups, user data) — karpenter-aws §2.
 * The name is deterministic, {@code karpenter.k8s.aws/<uint64 hash of the options>}, so every replica and every
 * restart arrives at the same template; it is created once ({@code InvalidLaunchTemplateName.AlreadyExistsException}
 * from a concurrent creator counts as success) and remembered. A NotFound at launch forgets it ({@link #forget}).
 */
@ApplicationScoped
public class LaunchTemplates {

    /** What goes into one launch template. */
    public record Options(String nodeClass, String nodePool, String capacityType, String amiId, List<String> securityGroupIds,
                   String instanceProfile, String userData, Map<String, String> tags) {
        public String name() {
            StringBuilder canonical = new StringBuilder();
            canonical.append(nodeClass).append('|').append(nodePool).append('|').append(capacityType).append('|')
                .append(amiId).append('|').append(securityGroupIds.stream().sorted().toList()).append('|')
                .append(instanceProfile).append('|').append(userData).append('|').append(new TreeMap<>(tags));
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
                long hash = 0;
                for (int i = 0; i < 8; i++) {
                    hash = (hash << 8) | (digest[i] & 0xff);
                }
                return "karpenter.k8s.aws/" + Long.toUnsignedString(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Ec2Client ec2;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> creating = new ConcurrentHashMap<>();

    LaunchTemplates(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The template's name, after making sure it exists. */
    public String ensure(Options options) {
        String name = options.name();
        if (known.contains(name)) {
            return name;
        }
        // launches released together all need the same new template: one of them looks it up or creates it
        synchronized (creating.computeIfAbsent(name, k -> new Object())) {
            return known.contains(name) ? name : describeOrCreate(name, options);
        }
    }

    private String describeOrCreate(String name, Options options) {
        try {
            ec2.describeLaunchTemplates(r -> r.launchTemplateNames(name));
            known.add(name);
            return name;
        } catch (Ec2Exception e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
        List<Tag> tags = new ArrayList<>();
        options.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
        try {
            ec2.createLaunchTemplate(r -> r.launchTemplateName(name)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE).tags(tags).build())
                .launchTemplateData(d -> d.imageId(options.amiId())
                    .userData(Base64.getEncoder().encodeToString(options.userData().getBytes(StandardCharsets.UTF_8)))
                    .iamInstanceProfile(p -> p.name(options.instanceProfile()))
                    .networkInterfaces(n -> n.deviceIndex(0).groups(options.securityGroupIds()))
                    .metadataOptions(m -> m.httpEndpoint("enabled").httpTokens(LaunchTemplateHttpTokensState.REQUIRED)
                        .httpPutResponseHopLimit(1).httpProtocolIpv6("disabled").instanceMetadataTags("disabled"))
                    .blockDeviceMappings(b -> b.deviceName("/dev/xvda")
                        .ebs(v -> v.volumeSize(20).volumeType("gp3").encrypted(true).deleteOnTermination(true)))
                    .tagSpecifications(
                        t -> t.resourceType(ResourceType.NETWORK_INTERFACE).tags(tags))));
        } catch (Ec2Exception e) {
            if (!"InvalidLaunchTemplateName.AlreadyExistsException".equals(code(e))) {
                throw e;
            }
        }
        known.add(name);
        return name;
    }

    public void forget(String name) {
        known.remove(name);
    }

    public static boolean isNotFound(Ec2Exception e) {
        String code = code(e);
        return "InvalidLaunchTemplateName.NotFoundException".equals(code) || "InvalidLaunchTemplateId.NotFound".equals(code);
    }

    public static String code(Ec2Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /**
     * AL2023 user data (nodeadm, karpenter-aws §2.4): a MIME archive whose last part is a {@code NodeConfig} with the
     * cluster's name, API server endpoint, CA bundle and service CIDR (all four required by nodeadm), node labels and
     * {@code registerWithTaints} (NodeClaim taints, startup taints and {@code karpenter.sh/unregistered:NoExecute}, each
     * given as {@code key[=value]:Effect} and written as a Taint object). Not yet: {@code spec.userData} merging, kubelet settings, {@code maxPods}.
     */
    public static String userData(ClusterBootstrap cluster, Map<String, String> labels, List<String> taints) {
        return userData(cluster.name(), cluster, labels, taints);
    }

    /** The same with the cluster name only (what the sandbox's kubelet stand-in reads; no real node joins with it). */
    public static String userData(String clusterName, Map<String, String> labels, List<String> taints) {
        return userData(clusterName, null, labels, taints);
    }

    private static String userData(String clusterName, ClusterBootstrap cluster, Map<String, String> labels,
                                   List<String> taints) {
        StringBuilder labelFlag = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> {
            if (!k.startsWith("kubernetes.io/") && !k.contains(".kubernetes.io/") && !k.startsWith("k8s.io/")) {
                labelFlag.append(labelFlag.isEmpty() ? "" : ",").append(k).append('=').append(v);
            }
        });
        StringBuilder out = new StringBuilder();
        out.append("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"//\"\n\n--//\n")
            .append("Content-Type: application/node.eks.aws\n\n")
            .append("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n")
            .append("  cluster:\n    name: ").append(clusterName).append('\n');
        if (cluster != null) {
            out.append("    apiServerEndpoint: ").append(cluster.apiServerEndpoint()).append('\n')
                .append("    certificateAuthority: ").append(cluster.certificateAuthority()).append('\n')
                .append("    cidr: ").append(cluster.cidr()).append('\n');
        }
        out.append("  kubelet:\n    config:\n      registerWithTaints:\n");
        // KubeletConfiguration.registerWithTaints is a list of Taint objects (kubelet rejects strings)
        for (String taint : taints) {
            int colon = taint.lastIndexOf(':');
            String keyValue = taint.substring(0, colon);
            int eq = keyValue.indexOf('=');
            out.append("        - key: \"").append(eq < 0 ? keyValue : keyValue.substring(0, eq)).append("\"\n");
            if (eq >= 0) {
                out.append("          value: \"").append(keyValue.substring(eq + 1)).append("\"\n");
            }
            out.append("          effect: \"").append(taint.substring(colon + 1)).append("\"\n");
        }
        out.append("    flags:\n      - \"--node-labels=").append(labelFlag).append("\"\n--//--\n");
        return out.toString();
    }
}
