package io.kafkarpenter.model.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AwsCliCommandsTest {

    private static final String ARN = "arn:aws:eks:us-west-2:111122223333:cluster/demo";

    @Test
    void clusterTagsUseEksTagResourceAndUntagResource() {
        AwsCliCommands commands = new AwsCliCommands("us-west-2", null);

        assertThat(commands.command(new TagChange(DiscoveryResourceType.CLUSTER, ARN, TagChange.Operation.CREATE,
            ordered("karpenter.sh/discovery", "demo", "kafkarpenter.io/discovery-tag-owner", "demo"))))
            .isEqualTo("aws eks tag-resource --resource-arn " + ARN
                + " --tags karpenter.sh/discovery=demo,kafkarpenter.io/discovery-tag-owner=demo --region us-west-2");
        assertThat(commands.command(new TagChange(DiscoveryResourceType.CLUSTER, ARN, TagChange.Operation.DELETE,
            ordered("karpenter.sh/discovery", "demo", "kafkarpenter.io/discovery-tag-owner", "demo"))))
            .isEqualTo("aws eks untag-resource --resource-arn " + ARN
                + " --tag-keys karpenter.sh/discovery kafkarpenter.io/discovery-tag-owner --region us-west-2");
    }

    @Test
    void subnetAndGroupTagsUseEc2CreateTagsAndDeleteTagsWithValues() {
        AwsCliCommands commands = new AwsCliCommands("us-west-2", "http://127.0.0.1:4566");

        assertThat(commands.command(new TagChange(DiscoveryResourceType.SECURITY_GROUP, "sg-1",
            TagChange.Operation.CREATE, Map.of("karpenter.sh/discovery", "demo"))))
            .isEqualTo("aws ec2 create-tags --resources sg-1 --tags Key=karpenter.sh/discovery,Value=demo"
                + " --region us-west-2 --endpoint-url http://127.0.0.1:4566");
        assertThat(commands.command(new TagChange(DiscoveryResourceType.SUBNET, "subnet-1",
            TagChange.Operation.DELETE, Map.of("karpenter.sh/discovery", "demo"))))
            .startsWith("aws ec2 delete-tags --resources subnet-1 --tags Key=karpenter.sh/discovery,Value=demo");
    }

    @Test
    void valuesTheShellWouldSplitAreQuoted() {
        assertThat(new AwsCliCommands(null, null).command(new TagChange(DiscoveryResourceType.SUBNET, "subnet-1",
            TagChange.Operation.CREATE, Map.of("karpenter.sh/discovery", "my cluster's"))))
            .isEqualTo("aws ec2 create-tags --resources subnet-1 --tags 'Key=karpenter.sh/discovery,Value=my cluster'\\''s'");
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }
}
