package io.kafkarpenter.tagreconciler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The tag-reconciler's settings ({@code kk.tag-reconciler.*}), with Karpenter's defaults. */
@ConfigMapping(prefix = "kk.tag-reconciler")
public interface TagReconcilerConfig {

    /**
     * The EKS cluster's name (Karpenter's {@code CLUSTER_NAME}), written as {@code eks:eks-cluster-name} on instances
     * and required (as {@code kubernetes.io/cluster/<name>=owned}) before any tag is touched. Default {@code kafkarpenter}.
     */
    @WithDefault("kafkarpenter")
    String clusterName();

    /** The discovery tag key on subnets and security groups (Karpenter's convention). Default {@code karpenter.sh/discovery}. */
    @WithDefault("karpenter.sh/discovery")
    String discoveryTagKey();
}
