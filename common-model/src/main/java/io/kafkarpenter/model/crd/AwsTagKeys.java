package io.kafkarpenter.model.crd;

/**
 * Tag keys and NodeClaim annotations of the tag-reconciler's work (karpenter-aws §3).
 *
 * <p><b>Discovery tags.</b> {@link #DISCOVERY} with the cluster name as value goes on the EKS cluster, its selected
 * subnets and security groups (the workshop's §1.7). What the tag-reconciler wrote is recorded on the resource itself,
 * in the same CreateTags/TagResource call: the marker {@link #DISCOVERY_MARKER} with the cluster name as value. A
 * discovery tag without the marker was written by someone else and is never removed; a marker without its discovery
 * tag means the tag was removed by hand and is restored; a discovery tag holding another value is a conflict, reported
 * and left alone.
 */
public final class AwsTagKeys {

    /** Karpenter's discovery tag (selector terms select on it). */
    public static final String DISCOVERY = "karpenter.sh/discovery";
    /** "Kafkarpenter wrote this resource's discovery tag", value = cluster name. */
    public static final String DISCOVERY_MARKER = "kafkarpenter.io/discovery-tag-owner";

    /** Instance tags written after registration (karpenter-aws §3.2). */
    public static final String NAME = "Name";
    public static final String NODECLAIM = "karpenter.sh/nodeclaim";
    public static final String EKS_CLUSTER_NAME = "eks:eks-cluster-name";
    /** Ownership tags an instance must carry before it is tagged (set at launch). */
    public static final String CLUSTER_OWNED_PREFIX = "kubernetes.io/cluster/";
    public static final String NODEPOOL = "karpenter.sh/nodepool";
    public static final String EC2NODECLASS = "karpenter.k8s.aws/ec2nodeclass";

    /** NodeClaim annotations: its instance has been tagged (so it is not tagged twice). */
    public static final String TAGGED_ANNOTATION = "karpenter.k8s.aws/tagged";
    public static final String CLUSTER_NAME_TAGGED_ANNOTATION = "compatibility.karpenter.k8s.aws/cluster-name-tagged";

    private AwsTagKeys() {
    }
}
