package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkarpenter.sandbox.ec2.Resources.LaunchTemplate;
import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which (action, ARN, context) pairs each served call is authorized on, read from the state before anything changes. */
class AuthorizationPairsTest {
    private static final String ACCOUNT = "123456789012";
    private final Ec2State state = new Ec2State(Ec2SimulatorConfig.builder().clusterName("demo")
            .catalogFile(SimulatedEc2.SMALL_CATALOG).build(), new Faults(java.time.Clock.systemUTC()),
            InstanceTypeCatalog.load(SimulatedEc2.SMALL_CATALOG));
    private final Ec2Authorization ec2 = new Ec2Authorization(state);
    private final ServiceAuthorization services = new ServiceAuthorization(state);

    private static QueryRequest form(String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return QueryRequest.parse(params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
    }

    private static List<String> actionsAndArns(List<AuthorizationRequest> pairs) {
        return pairs.stream().map(p -> p.action() + " " + p.resourceArn()).toList();
    }

    private String subnet() {
        return state.subnets.keySet().iterator().next();
    }

    @Test
    void describeCallsAreOnResourceStarWithTheRegion() {
        assertThat(ec2.pairs("DescribeSubnets", form())).containsExactly(new AuthorizationRequest("ec2:DescribeSubnets", "*",
                Map.of("aws:RequestedRegion", List.of("us-east-1"), "ec2:Region", List.of("us-east-1"))));
    }

    @Test
    void createLaunchTemplateChecksItsRequestTagsAndTagOnCreate() {
        List<AuthorizationRequest> pairs = ec2.pairs("CreateLaunchTemplate", form("LaunchTemplateName", "lt1",
                "TagSpecification.1.ResourceType", "launch-template", "TagSpecification.1.Tag.1.Key", "karpenter.sh/nodepool",
                "TagSpecification.1.Tag.1.Value", "default"));

        assertThat(actionsAndArns(pairs)).containsExactly("ec2:CreateLaunchTemplate arn:aws:ec2:us-east-1:" + ACCOUNT + ":launch-template/*",
                "ec2:CreateTags arn:aws:ec2:us-east-1:" + ACCOUNT + ":launch-template/*");
        assertThat(pairs.get(0).values("aws:RequestTag/karpenter.sh/nodepool")).containsExactly("default");
        assertThat(pairs.get(0).values("aws:TagKeys")).containsExactly("karpenter.sh/nodepool");
        assertThat(pairs.get(0).values("ec2:CreateAction")).isEmpty();
        assertThat(pairs.get(1).values("ec2:CreateAction")).containsExactly("CreateLaunchTemplate");
        assertThat(actionsAndArns(ec2.pairs("CreateLaunchTemplate", form("LaunchTemplateName", "lt1"))))
                .as("no tags: no tag-on-create check").hasSize(1);
    }

    @Test
    void createFleetChecksCreatedResourcesUsedResourcesTagOnCreateAndPassRole() {
        state.iam.createProfile("demo_node", "/", state.now()).roles.add(state.iam.role("KarpenterNodeRole-demo"));
        String group = state.securityGroups.keySet().iterator().next();
        String image = state.images.isEmpty() ? "ami-0123456789abcdef0" : state.images.keySet().iterator().next();
        LaunchTemplate template = new LaunchTemplate("lt-0123456789abcdef0", "nodes", state.now(), "me", null,
                form("ImageId", image, "SecurityGroupId.1", group, "IamInstanceProfile.Name", "demo_node"));
        template.tags.put("kubernetes.io/cluster/demo", "owned");
        state.launchTemplates.put(template.id, template);

        List<AuthorizationRequest> pairs = ec2.pairs("CreateFleet", form("Type", "instant",
                "LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateName", "nodes",
                "LaunchTemplateConfigs.1.Overrides.1.SubnetId", subnet(),
                "TagSpecification.1.ResourceType", "instance", "TagSpecification.1.Tag.1.Key", "k", "TagSpecification.1.Tag.1.Value", "v"));

        String prefix = "arn:aws:ec2:us-east-1:" + ACCOUNT + ":";
        assertThat(actionsAndArns(pairs)).containsExactly(
                "ec2:CreateFleet " + prefix + "fleet/*",
                "ec2:CreateFleet " + prefix + "instance/*",
                "ec2:CreateFleet " + prefix + "volume/*",
                "ec2:CreateFleet " + prefix + "launch-template/lt-0123456789abcdef0",
                "ec2:CreateFleet arn:aws:ec2:us-east-1::image/" + image,
                "ec2:CreateFleet " + prefix + "subnet/" + subnet(),
                "ec2:CreateFleet " + prefix + "security-group/" + group,
                "ec2:CreateTags " + prefix + "instance/*",
                "iam:PassRole arn:aws:iam::" + ACCOUNT + ":role/KarpenterNodeRole-demo");
        assertThat(pairs.get(1).values("aws:RequestTag/k")).containsExactly("v");
        assertThat(pairs.get(2).values("aws:TagKeys")).as("no volume tags requested").isEmpty();
        assertThat(pairs.get(3).values("aws:ResourceTag/kubernetes.io/cluster/demo")).containsExactly("owned");
        assertThat(pairs.get(3).values("ec2:ResourceTag/kubernetes.io/cluster/demo")).containsExactly("owned");
        assertThat(pairs.get(7).values("ec2:CreateAction")).containsExactly("CreateFleet");
        assertThat(pairs.get(8).values("iam:PassedToService")).containsExactly("ec2.amazonaws.com");
    }

    @Test
    void taggingChecksEachResourceWithItsTagsAndTheRequestedOnes() {
        String subnet = subnet();
        List<AuthorizationRequest> create = ec2.pairs("CreateTags", form("ResourceId.1", subnet, "ResourceId.2", "i-0123456789abcdef0",
                "Tag.1.Key", "karpenter.sh/discovery", "Tag.1.Value", "demo"));
        assertThat(actionsAndArns(create)).containsExactly("ec2:CreateTags arn:aws:ec2:us-east-1:" + ACCOUNT + ":subnet/" + subnet,
                "ec2:CreateTags arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-0123456789abcdef0");
        assertThat(create.get(0).values("aws:ResourceTag/Name")).containsExactly("demo-private-us-east-1a");
        assertThat(create.get(0).values("aws:RequestTag/karpenter.sh/discovery")).containsExactly("demo");
        assertThat(create.get(0).values("aws:TagKeys")).containsExactly("karpenter.sh/discovery");

        List<AuthorizationRequest> delete = ec2.pairs("DeleteTags", form("ResourceId.1", subnet, "Tag.1.Key", "karpenter.sh/discovery"));
        assertThat(delete.get(0).values("aws:TagKeys")).containsExactly("karpenter.sh/discovery");
        assertThat(delete.get(0).values("aws:RequestTag/karpenter.sh/discovery")).as("no value named").isEmpty();

        List<AuthorizationRequest> deleteAll = ec2.pairs("DeleteTags", form("ResourceId.1", subnet));
        assertThat(deleteAll.get(0).values("aws:TagKeys")).containsExactlyElementsOf(state.subnets.get(subnet).tags.keySet());
    }

    @Test
    void deletionIsCheckedOnTheExistingResource() {
        assertThat(ec2.pairs("DeleteLaunchTemplate", form("LaunchTemplateName", "missing"))).isEmpty();
        assertThat(actionsAndArns(ec2.pairs("TerminateInstances", form("InstanceId.1", "i-0123456789abcdef0"))))
                .containsExactly("ec2:TerminateInstances arn:aws:ec2:us-east-1:" + ACCOUNT + ":instance/i-0123456789abcdef0");
    }

    @Test
    void instanceProfileCallsAreCheckedOnTheProfileArnWithItsPath() {
        List<AuthorizationRequest> create = services.iam("CreateInstanceProfile", form("InstanceProfileName", "p1",
                "Path", "/karpenter/us-east-1/demo/", "Tags.member.1.Key", "kubernetes.io/cluster/demo", "Tags.member.1.Value", "owned"));
        assertThat(actionsAndArns(create)).containsExactly(
                "iam:CreateInstanceProfile arn:aws:iam::" + ACCOUNT + ":instance-profile/karpenter/us-east-1/demo/p1");
        assertThat(create.get(0).values("aws:RequestTag/kubernetes.io/cluster/demo")).containsExactly("owned");

        state.iam.createProfile("p1", "/karpenter/", state.now()).tags.put("team", "nodes");
        List<AuthorizationRequest> add = services.iam("AddRoleToInstanceProfile", form("InstanceProfileName", "p1",
                "RoleName", "KarpenterNodeRole-demo"));
        assertThat(actionsAndArns(add)).containsExactly(
                "iam:AddRoleToInstanceProfile arn:aws:iam::" + ACCOUNT + ":instance-profile/karpenter/p1",
                "iam:PassRole arn:aws:iam::" + ACCOUNT + ":role/KarpenterNodeRole-demo");
        assertThat(add.get(0).values("aws:ResourceTag/team")).containsExactly("nodes");
        assertThat(add.get(1).values("iam:PassedToService")).containsExactly("ec2.amazonaws.com");
        assertThat(actionsAndArns(services.iam("ListInstanceProfiles", form()))).containsExactly("iam:ListInstanceProfiles *");
        assertThat(actionsAndArns(services.iam("GetRole", form("RoleName", "KarpenterNodeRole-demo"))))
                .containsExactly("iam:GetRole arn:aws:iam::" + ACCOUNT + ":role/KarpenterNodeRole-demo");
    }

    @Test
    void eksCallsAreCheckedOnTheClusterArnWithItsTags() {
        state.cluster.tags.put("team", "platform");
        List<AuthorizationRequest> describe = services.eks("DescribeCluster", "demo", Map.of(), List.of());
        assertThat(actionsAndArns(describe)).containsExactly("eks:DescribeCluster " + state.cluster.arn);
        assertThat(describe.get(0).values("aws:ResourceTag/team")).containsExactly("platform");

        List<AuthorizationRequest> untag = services.eks("UntagResource", state.cluster.arn, Map.of(), List.of("karpenter.sh/discovery"));
        assertThat(untag.get(0).values("aws:TagKeys")).containsExactly("karpenter.sh/discovery");
        List<AuthorizationRequest> other = services.eks("TagResource", "arn:aws:eks:us-east-1:1:cluster/other", Map.of("k", "v"), List.of());
        assertThat(other.get(0).values("aws:ResourceTag/team")).isEmpty();
        assertThat(other.get(0).values("aws:RequestTag/k")).containsExactly("v");
    }
}
