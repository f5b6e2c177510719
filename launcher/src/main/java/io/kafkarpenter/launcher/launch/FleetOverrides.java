package io.kafkarpenter.launcher.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.launcher.LauncherConfig;
import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.launcher.ec2.LaunchTemplates;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader;
import io.kafkarpenter.launcher.ec2.NodeClassStatusReader.LaunchInputs;
import io.kafkarpenter.launcher.ec2.Tags;
import io.kafkarpenter.launcher.eks.ClusterBootstraps;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.inputs.StatusAmis.StatusAmi;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.requirements.Labels;

/**
 * The overrides of one CreateFleet attempt (karpenter-aws §1.2): the cheapest ≤ {@code max-instance-types} types of
 * the capacity type, each in every zone it has a candidate offering and a status subnet in, with the launch template
 * of the status AMI its labels select (types grouped by AMI as Karpenter does: one template per AMI), whose user data
 * lets the node join the cluster ({@link ClusterBootstraps}).
 */
@ApplicationScoped
public class FleetOverrides {

    private final KubeState kube;
    private final LauncherConfig config;
    private final LaunchTemplates launchTemplates;
    private final NodeClassStatusReader statusReader;
    private final ClusterBootstraps cluster;

    FleetOverrides(KubeState kube, LauncherConfig config, LaunchTemplates launchTemplates, NodeClassStatusReader statusReader,
                   ClusterBootstraps cluster) {
        this.kube = kube;
        this.config = config;
        this.launchTemplates = launchTemplates;
        this.statusReader = statusReader;
        this.cluster = cluster;
    }

    public List<FleetLauncher.Override> of(NodeClaimLaunch launch, EC2NodeClass nodeClass, LaunchInputs inputs,
                                           Map<String, SubnetStatus> subnets, List<Candidate> remaining,
                                           String capacityType) {
        List<Candidate> ofType = remaining.stream().filter(c -> c.capacityType().equals(capacityType)).toList();
        List<String> types = ofType.stream().map(Candidate::instanceType).distinct().limit(config.maxInstanceTypes()).toList();
        Map<String, String> templateByAmi = new LinkedHashMap<>();
        List<FleetLauncher.Override> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Candidate c : ofType) {
            SubnetStatus subnet = subnets.get(c.zone());
            if (subnet == null || !types.contains(c.instanceType()) || !seen.add(c.instanceType() + "/" + c.zone())) {
                continue;
            }
            Optional<StatusAmi> ami = statusReader.ami(inputs, c.type().labels());
            if (ami.isEmpty()) {
                continue;
            }
            String template = templateByAmi.computeIfAbsent(ami.get().id(), id -> launchTemplates.ensure(
                templateOptions(launch, nodeClass, inputs, capacityType, id)));
            out.add(new FleetLauncher.Override(template, c.instanceType(), c.zone(), subnet.getId(), ami.get().id(), c.price()));
        }
        return out;
    }

    private LaunchTemplates.Options templateOptions(NodeClaimLaunch launch, EC2NodeClass nodeClass, LaunchInputs inputs,
                                                    String capacityType, String ami) {
        // the kubelet's labels are the NodeClaim's (from the live NodePool), never the record's
        Map<String, String> labels = new LinkedHashMap<>(kube.nodePool(launch.nodePool())
            .map(p -> NodeClaimFactory.labels(launch, p)).orElse(Map.of(Labels.NODEPOOL, launch.nodePool())));
        labels.put(Labels.CAPACITY_TYPE, capacityType);
        List<String> taints = new ArrayList<>();
        for (TaintSpec t : launch.taints()) {
            taints.add(t.key() + (t.value() == null ? "" : "=" + t.value()) + ":" + t.effect());
        }
        for (TaintSpec t : launch.startupTaints()) {
            taints.add(t.key() + (t.value() == null ? "" : "=" + t.value()) + ":" + t.effect());
        }
        taints.add(LaunchHandler.UNREGISTERED_TAINT + ":NoExecute");
        return new LaunchTemplates.Options(nodeClass.getMetadata().getName(), launch.nodePool(), capacityType, ami,
            inputs.securityGroupIds(), inputs.instanceProfile(),
            LaunchTemplates.userData(cluster.get(), labels, taints),
            Tags.launchTags(nodeClass.getSpec().getTags(), config.clusterName(), launch.nodePool(),
                nodeClass.getMetadata().getName(), null));
    }
}
