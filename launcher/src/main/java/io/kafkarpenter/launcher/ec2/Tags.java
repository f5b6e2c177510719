package io.kafkarpenter.launcher.ec2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.ec2.model.Tag;

/** The tags Kafkarpenter puts on what it launches (karpenter-aws §3.1) and the ownership test before any action. */
public final class Tags {

    public static final String NODEPOOL = "karpenter.sh/nodepool";
    public static final String NODECLASS = "karpenter.k8s.aws/ec2nodeclass";
    public static final String NODECLAIM = "karpenter.sh/nodeclaim";
    public static final String EKS_CLUSTER = "eks:eks-cluster-name";
    /**
     * On the instances of a merged CreateFleet (and as the annotation on its NodeClaims, written before the call): the
     * batch's id, which is also the call's ClientToken (launcher DESIGN.md, "Batched CreateFleet").
     */
    public static final String LAUNCH_BATCH = "kafkarpenter.io/launch-batch";

    private Tags() {
    }

    public static String clusterOwnership(String clusterName) {
        return "kubernetes.io/cluster/" + clusterName;
    }

    /**
     * The EC2NodeClass' {@code spec.tags} merged with the static keys, which win: cluster ownership, NodePool, EKS
     * cluster name, NodeClass. {@code nodeClaim} (when non-null) adds {@code karpenter.sh/nodeclaim}, which lets a
     * retry find an instance it already launched.
     */
    public static Map<String, String> launchTags(Map<String, String> userTags, String clusterName, String nodePool,
                                          String nodeClass, String nodeClaim) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (userTags != null) {
            tags.putAll(userTags);
        }
        tags.put(clusterOwnership(clusterName), "owned");
        tags.put(NODEPOOL, nodePool);
        tags.put(EKS_CLUSTER, clusterName);
        tags.put(NODECLASS, nodeClass);
        if (nodeClaim != null) {
            tags.put(NODECLAIM, nodeClaim);
        }
        return tags;
    }

    /** Whether an instance carries this cluster's ownership tag ({@code owned}) and a NodePool tag. */
    public static boolean ownedBy(List<Tag> tags, String clusterName) {
        boolean cluster = false;
        boolean nodePool = false;
        for (Tag t : tags) {
            cluster |= clusterOwnership(clusterName).equals(t.key()) && "owned".equals(t.value());
            nodePool |= NODEPOOL.equals(t.key()) && t.value() != null && !t.value().isEmpty();
        }
        return cluster && nodePool;
    }
}
