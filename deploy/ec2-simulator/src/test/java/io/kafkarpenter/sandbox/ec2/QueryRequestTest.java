package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRequestTest {

    @Test
    void decodesTheFormAndReadsListsInIndexOrderNotTextOrder() {
        QueryRequest r = QueryRequest.parse("Action=TerminateInstances&InstanceId.10=i-10&InstanceId.2=i-2&InstanceId.1=i-1"
                + "&Tag.1.Key=karpenter.sh%2Fnodepool&Tag.1.Value=a%20b");

        assertThat(r.string("Action")).isEqualTo("TerminateInstances");
        assertThat(r.list("InstanceId")).containsExactly("i-1", "i-2", "i-10");
        assertThat(r.structs("Tag")).singleElement().satisfies(tag -> {
            assertThat(tag.string("Key")).isEqualTo("karpenter.sh/nodepool");
            assertThat(tag.string("Value")).isEqualTo("a b");
        });
    }

    @Test
    void readsFiltersAndNestedStructures() {
        QueryRequest r = QueryRequest.parse("Filter.1.Name=tag%3Akarpenter.sh%2Fdiscovery&Filter.1.Value.1=demo"
                + "&Filter.2.Name=instance-state-name&Filter.2.Value.1=pending&Filter.2.Value.2=running"
                + "&LaunchTemplateConfigs.1.Overrides.1.InstanceType=m5.large&LaunchTemplateConfigs.1.Overrides.2.InstanceType=c5.large"
                + "&LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateName=lt");

        assertThat(r.filters()).containsExactly(new Filter("tag:karpenter.sh/discovery", List.of("demo")),
                new Filter("instance-state-name", List.of("pending", "running")));
        QueryRequest config = r.structs("LaunchTemplateConfigs").get(0);
        assertThat(config.structs("Overrides")).extracting(o -> o.string("InstanceType")).containsExactly("m5.large", "c5.large");
        assertThat(config.struct("LaunchTemplateSpecification").string("LaunchTemplateName")).isEqualTo("lt");
    }

    @Test
    void badValuesAndMissingParametersAreEc2Errors() {
        QueryRequest r = QueryRequest.parse("MaxResults=ten&DryRun=maybe&Filter.1.Value.1=x");

        assertThatThrownBy(() -> r.integer("MaxResults")).isInstanceOfSatisfying(Ec2Error.class,
                e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> r.bool("DryRun")).isInstanceOfSatisfying(Ec2Error.class,
                e -> assertThat(e.code()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> r.required("ClientToken")).isInstanceOfSatisfying(Ec2Error.class, e -> {
            assertThat(e.code()).isEqualTo("MissingParameter");
            assertThat(e.httpStatus()).isEqualTo(400);
        });
        assertThatThrownBy(r::filters).isInstanceOfSatisfying(Ec2Error.class,
                e -> assertThat(e.getMessage()).contains("Filter.1.Name"));
    }
}
