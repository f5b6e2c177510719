package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResourceType;

class LaunchTemplatesIT {
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private CreateLaunchTemplateRequest template(String name, String userData) {
        return CreateLaunchTemplateRequest.builder().launchTemplateName(name)
                .launchTemplateData(d -> d.imageId(sim.amd64Image()).securityGroupIds(sim.nodeSecurityGroup())
                        .userData(Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)))
                        .metadataOptions(m -> m.httpTokens("required").httpPutResponseHopLimit(1))
                        .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(20).volumeType("gp3").encrypted(true))))
                .tagSpecifications(t -> t.resourceType(ResourceType.LAUNCH_TEMPLATE)
                        .tags(tag -> tag.key("karpenter.k8s.aws/cluster").value(SimulatedEc2.CLUSTER)))
                .build();
    }

    @Test
    void createDescribeAndDeleteByName() {
        LaunchTemplate created = sim.ec2.createLaunchTemplate(template("karpenter.k8s.aws/123", "#!/bin/bash")).launchTemplate();

        assertThat(created.launchTemplateId()).matches("lt-0[0-9a-f]{16}");
        assertThat(created.latestVersionNumber()).isEqualTo(1L);
        assertThat(sim.ec2.describeLaunchTemplates(r -> r.launchTemplateNames("karpenter.k8s.aws/123")).launchTemplates())
                .singleElement().satisfies(t -> {
                    assertThat(t.launchTemplateId()).isEqualTo(created.launchTemplateId());
                    assertThat(t.tags()).extracting(tag -> tag.key()).containsExactly("karpenter.k8s.aws/cluster");
                });
        assertThat(sim.ec2.describeLaunchTemplates(r -> r.filters(f -> f.name("tag:karpenter.k8s.aws/cluster")
                .values(SimulatedEc2.CLUSTER))).launchTemplates()).hasSize(1);

        sim.ec2.deleteLaunchTemplate(r -> r.launchTemplateName("karpenter.k8s.aws/123"));

        assertThatThrownBy(() -> sim.ec2.describeLaunchTemplates(r -> r.launchTemplateNames("karpenter.k8s.aws/123")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidLaunchTemplateName.NotFoundException"));
        assertThatThrownBy(() -> sim.ec2.deleteLaunchTemplate(r -> r.launchTemplateId(created.launchTemplateId())))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidLaunchTemplateId.NotFound"));
    }

    @Test
    void namesAreUnique() {
        sim.ec2.createLaunchTemplate(template("lt-name-1", "a"));

        assertThatThrownBy(() -> sim.ec2.createLaunchTemplate(template("lt-name-1", "b")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidLaunchTemplateName.AlreadyExistsException");
                });
    }

    @Test
    void theVersionShowsTheDataItWasCreatedWith() {
        sim.ec2.createLaunchTemplate(template("with-user-data", "MIME-Version: 1.0"));

        LaunchTemplateVersion version = sim.ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("with-user-data")
                .versions("$Latest")).launchTemplateVersions().get(0);

        assertThat(version.versionNumber()).isEqualTo(1L);
        assertThat(new String(Base64.getDecoder().decode(version.launchTemplateData().userData()), StandardCharsets.UTF_8))
                .isEqualTo("MIME-Version: 1.0");
        assertThat(version.launchTemplateData().imageId()).isEqualTo(sim.amd64Image());
        assertThat(version.launchTemplateData().securityGroupIds()).containsExactly(sim.nodeSecurityGroup());
        assertThat(version.launchTemplateData().metadataOptions().httpTokensAsString()).isEqualTo("required");
        assertThat(version.launchTemplateData().blockDeviceMappings()).singleElement()
                .satisfies(b -> assertThat(b.ebs().volumeSize()).isEqualTo(20));
        assertThat(sim.simulator.launchTemplateData("with-user-data")).hasValueSatisfying(d -> assertThat(d).containsKey("UserData"));
    }

    @Test
    void malformedNamesAndOversizedUserDataAreRefused() {
        assertThatThrownBy(() -> sim.ec2.createLaunchTemplate(template("x", "a")))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                        .isEqualTo("InvalidLaunchTemplateName.MalformedException"));
        assertThatThrownBy(() -> sim.ec2.createLaunchTemplate(template("too-big", "x".repeat(16385))))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("User data is limited to 16384 bytes"));
    }

    @Test
    void theClientTokenMakesCreateLaunchTemplateIdempotent() {
        CreateLaunchTemplateRequest request = template("idempotent", "a").toBuilder().clientToken("token-1").build();

        String first = sim.ec2.createLaunchTemplate(request).launchTemplate().launchTemplateId();
        String second = sim.ec2.createLaunchTemplate(request).launchTemplate().launchTemplateId();

        assertThat(second).isEqualTo(first);
    }
}
