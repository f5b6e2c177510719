package io.kafkarpenter.tagreconciler.instanceprofile;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kafkarpenter.model.crd.AwsTagKeys;

/**
 * Karpenter's instance profile for an EC2NodeClass with {@code spec.role} (karpenter-aws §3.1): name
 * {@code <cluster>_<hash of region + class name>} (our hash: SHA-256, first 64 bits as an unsigned decimal — stable,
 * not bit-compatible with Karpenter's Go hash), path {@code /karpenter/<region>/<cluster>/<class uid>/}, tags
 * {@code spec.tags} overlaid with {@code kubernetes.io/cluster/<cluster>=owned}, {@code eks:eks-cluster-name},
 * {@code karpenter.k8s.aws/ec2nodeclass} and {@code topology.kubernetes.io/region}.
 */
public final class InstanceProfileNaming {

    public static final String REGION_TAG = "topology.kubernetes.io/region";

    private InstanceProfileNaming() {
    }

    public static String name(String cluster, String region, String nodeClassName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((region + nodeClassName).getBytes(StandardCharsets.UTF_8));
            return cluster + "_" + new BigInteger(1, Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String path(String cluster, String region, String nodeClassUid) {
        return "/karpenter/" + region + "/" + cluster + "/" + nodeClassUid + "/";
    }

    public static Map<String, String> tags(Map<String, String> specTags, String cluster, String region,
                                           String nodeClassName) {
        Map<String, String> tags = new LinkedHashMap<>(specTags == null ? Map.of() : specTags);
        tags.put(AwsTagKeys.CLUSTER_OWNED_PREFIX + cluster, "owned");
        tags.put(AwsTagKeys.EKS_CLUSTER_NAME, cluster);
        tags.put(AwsTagKeys.EC2NODECLASS, nodeClassName);
        tags.put(REGION_TAG, region);
        return tags;
    }

    /** The role's name from {@code spec.role}: a name, {@code path/name} or an ARN. */
    public static String roleName(String role) {
        return role.substring(role.lastIndexOf('/') + 1);
    }
}
