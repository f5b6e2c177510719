package io.kafkarpenter.model.crd;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Valid Karpenter objects with sensible defaults, for tests to break one field at a time. */
public final class CrdFixtures {
    private CrdFixtures() {
    }

    public static NodeSelectorRequirementWithMinValues requirement(String key, String operator, String... values) {
        return new NodeSelectorRequirementWithMinValues(key, operator, values.length == 0 ? null : new ArrayList<>(List.of(values)), null);
    }

    /** A NodePool like the workshop's: on-demand c/m/r amd64 linux, consolidation after 30s, 10 cpu. */
    public static NodePool nodePool(String name) {
        NodeClaimTemplateSpec template = new NodeClaimTemplateSpec();
        template.setNodeClassRef(new NodeClassReference("karpenter.k8s.aws", "EC2NodeClass", "default"));
        template.setRequirements(new ArrayList<>(List.of(
                requirement("karpenter.k8s.aws/instance-category", "In", "c", "m", "r"),
                requirement("kubernetes.io/arch", "In", "amd64"),
                requirement("karpenter.sh/capacity-type", "In", "on-demand"))));
        template.setExpireAfter("720h");
        TemplateMetadata metadata = new TemplateMetadata();
        metadata.setLabels(new LinkedHashMap<>(Map.of("team", "payments")));
        NodeClaimTemplate nodeClaimTemplate = new NodeClaimTemplate();
        nodeClaimTemplate.setMetadata(metadata);
        nodeClaimTemplate.setSpec(template);
        Disruption disruption = new Disruption();
        disruption.setConsolidationPolicy("WhenEmptyOrUnderutilized");
        disruption.setConsolidateAfter("30s");
        NodePoolSpec spec = new NodePoolSpec();
        spec.setTemplate(nodeClaimTemplate);
        spec.setDisruption(disruption);
        spec.setLimits(new LinkedHashMap<>(Map.of("cpu", new Quantity("10"))));
        return new NodePool(name, spec);
    }

    public static NodeClaimTemplateSpec templateOf(NodePool pool) {
        return pool.getSpec().getTemplate().getSpec();
    }

    public static Budget budget(String nodes, String schedule, String duration, String... reasons) {
        Budget budget = new Budget();
        budget.setNodes(nodes);
        budget.setSchedule(schedule);
        budget.setDuration(duration);
        budget.setReasons(reasons.length == 0 ? null : List.of(reasons));
        return budget;
    }

    /** An EC2NodeClass like the workshop's: al2023@latest, discovery-tagged subnets and security groups, a role. */
    public static EC2NodeClass ec2NodeClass(String name) {
        EC2NodeClassSpec spec = new EC2NodeClassSpec();
        spec.setAmiSelectorTerms(new ArrayList<>(List.of(AmiSelectorTerm.ofAlias("al2023@latest"))));
        spec.setRole("KarpenterNodeRole-test");
        spec.setSubnetSelectorTerms(new ArrayList<>(List.of(new SubnetSelectorTerm(Map.of("karpenter.sh/discovery", "test"), null))));
        SecurityGroupSelectorTerm sg = new SecurityGroupSelectorTerm();
        sg.setTags(Map.of("karpenter.sh/discovery", "test"));
        spec.setSecurityGroupSelectorTerms(new ArrayList<>(List.of(sg)));
        spec.setTags(new LinkedHashMap<>(Map.of("intent", "apps")));
        return new EC2NodeClass(name, spec);
    }

    public static NodeClaim nodeClaim(String name) {
        NodeClaimSpec spec = new NodeClaimSpec();
        spec.setNodeClassRef(new NodeClassReference("karpenter.k8s.aws", "EC2NodeClass", "default"));
        spec.setRequirements(new ArrayList<>(List.of(
                requirement("node.kubernetes.io/instance-type", "In", "m5.large", "m5.xlarge"),
                requirement("karpenter.sh/capacity-type", "In", "spot"))));
        NodeClaimResources resources = new NodeClaimResources();
        resources.setRequests(new LinkedHashMap<>(Map.of("cpu", new Quantity("1500m"), "memory", new Quantity("2Gi"), "pods", new Quantity("3"))));
        spec.setResources(resources);
        spec.setExpireAfter("Never");
        return new NodeClaim(name, spec);
    }
}
