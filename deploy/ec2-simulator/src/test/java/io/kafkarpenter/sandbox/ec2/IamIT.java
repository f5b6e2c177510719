package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** The instance-profile calls Karpenter makes, with the real SDK IamClient on the simulator's port. */
class IamIT {
    private static final String ROLE = "KarpenterNodeRole-" + SimulatedEc2.CLUSTER;
    private static final String PATH = "/karpenter/us-east-1/" + SimulatedEc2.CLUSTER + "/uid-1/";
    private SimulatedEc2 sim;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private void createProfile(String name) {
        sim.iam().createInstanceProfile(r -> r.instanceProfileName(name).path(PATH).tags(
                Tag.builder().key("kubernetes.io/cluster/" + SimulatedEc2.CLUSTER).value("owned").build(),
                Tag.builder().key("karpenter.k8s.aws/ec2nodeclass").value("default").build()));
    }

    @Test
    void anInstanceProfileIsCreatedGivenItsRoleTaggedAndDeleted() {
        createProfile("test-cluster_123");
        sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName("test-cluster_123").roleName(ROLE));
        sim.iam().tagInstanceProfile(r -> r.instanceProfileName("test-cluster_123")
                .tags(Tag.builder().key("topology.kubernetes.io/region").value("us-east-1").build()));

        InstanceProfile profile = sim.iam().getInstanceProfile(r -> r.instanceProfileName("test-cluster_123")).instanceProfile();
        assertThat(profile.instanceProfileName()).isEqualTo("test-cluster_123");
        assertThat(profile.path()).isEqualTo(PATH);
        assertThat(profile.arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile" + PATH + "test-cluster_123");
        assertThat(profile.instanceProfileId()).matches("AIPA[0-9A-Z]{17}");
        assertThat(profile.createDate()).isNotNull();
        assertThat(profile.roles()).extracting(Role::roleName).containsExactly(ROLE);
        assertThat(profile.roles().get(0).arn()).isEqualTo("arn:aws:iam::123456789012:role/" + ROLE);
        assertThat(profile.tags()).extracting(Tag::key).containsExactly("kubernetes.io/cluster/" + SimulatedEc2.CLUSTER,
                "karpenter.k8s.aws/ec2nodeclass", "topology.kubernetes.io/region");
        assertThat(sim.simulator.instanceProfile("TEST-CLUSTER_123")).hasValueSatisfying(p -> {
            assertThat(p.roles()).containsExactly(ROLE);
            assertThat(p.tags()).containsEntry("karpenter.k8s.aws/ec2nodeclass", "default");
            assertThat(p.arn()).isEqualTo(profile.arn());
        });

        assertThatThrownBy(() -> sim.iam().deleteInstanceProfile(r -> r.instanceProfileName("test-cluster_123")))
                .isInstanceOfSatisfying(DeleteConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
        sim.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName("test-cluster_123").roleName(ROLE));
        sim.iam().deleteInstanceProfile(r -> r.instanceProfileName("test-cluster_123"));

        assertThat(sim.simulator.instanceProfiles()).isEmpty();
        assertThatThrownBy(() -> sim.iam().getInstanceProfile(r -> r.instanceProfileName("test-cluster_123")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Instance Profile test-cluster_123 cannot be found.");
                });
        assertThat(sim.simulator.requests().stream().map(RecordedRequest::action).toList()).containsExactly(
                "CreateInstanceProfile", "AddRoleToInstanceProfile", "TagInstanceProfile", "GetInstanceProfile",
                "DeleteInstanceProfile", "RemoveRoleFromInstanceProfile", "DeleteInstanceProfile", "GetInstanceProfile");
        assertThat(sim.simulator.requests("DeleteInstanceProfile")).extracting(RecordedRequest::errorCode)
                .containsExactly("DeleteConflict", null);
    }

    @Test
    void aProfileHoldsOneRoleAtMost() {
        createProfile("p");
        sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName("p").roleName(ROLE));

        assertThatThrownBy(() -> sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName("p").roleName(ROLE)))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
                });
        assertThat(sim.simulator.requests("AddRoleToInstanceProfile")).hasSize(2);
    }

    @Test
    void aMissingRoleIsNoSuchEntitySayingRoleAndAMissingProfileSaysInstanceProfile() {
        createProfile("p");

        assertThatThrownBy(() -> sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName("p").roleName("nope")))
                .isInstanceOfSatisfying(NoSuchEntityException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("role").contains("nope"));
        assertThatThrownBy(() -> sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName("q").roleName(ROLE)))
                .isInstanceOfSatisfying(NoSuchEntityException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Instance Profile q cannot be found."));
        assertThatThrownBy(() -> sim.iam().getRole(r -> r.roleName("nope")))
                .isInstanceOfSatisfying(NoSuchEntityException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("role"));
        assertThatThrownBy(() -> sim.iam().removeRoleFromInstanceProfile(r -> r.instanceProfileName("p").roleName(ROLE)))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void namesAreCaseInsensitiveForLookupAndUniqueness() {
        Role role = sim.iam().getRole(r -> r.roleName("karpenterNodeRole-" + SimulatedEc2.CLUSTER)).role();
        assertThat(role.roleName()).isEqualTo(ROLE);
        assertThat(role.roleId()).matches("AROA[0-9A-Z]{17}");
        assertThat(role.assumeRolePolicyDocument()).contains("ec2.amazonaws.com");
        assertThat(sim.simulator.roles()).containsExactly(ROLE);

        createProfile("Profile-A");
        sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName("profile-a").roleName("KARPENTERNODEROLE-TEST-CLUSTER"));
        assertThat(sim.simulator.instanceProfile("Profile-A")).hasValueSatisfying(p -> assertThat(p.roles()).containsExactly(ROLE));
        assertThatThrownBy(() -> createProfile("PROFILE-a")).isInstanceOfSatisfying(EntityAlreadyExistsException.class,
                e -> assertThat(e.statusCode()).isEqualTo(409));
    }

    @Test
    void listInstanceProfilesFiltersByPathPagesAndLeavesOutTags() {
        createProfile("a");
        createProfile("b");
        createProfile("c");
        sim.iam().createInstanceProfile(r -> r.instanceProfileName("elsewhere").path("/other/"));

        ListInstanceProfilesResponse first = sim.iam().listInstanceProfiles(r -> r.pathPrefix("/karpenter/").maxItems(2));
        assertThat(first.instanceProfiles()).extracting(InstanceProfile::instanceProfileName).containsExactly("a", "b");
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.instanceProfiles()).allSatisfy(p -> assertThat(p.hasTags()).isFalse());
        ListInstanceProfilesResponse second = sim.iam().listInstanceProfiles(r -> r.pathPrefix("/karpenter/").maxItems(2)
                .marker(first.marker()));
        assertThat(second.instanceProfiles()).extracting(InstanceProfile::instanceProfileName).containsExactly("c");
        assertThat(second.isTruncated()).isFalse();
        List<String> all = sim.iam().listInstanceProfilesPaginator(r -> r.maxItems(1)).instanceProfiles().stream()
                .map(InstanceProfile::instanceProfileName).toList();
        assertThat(all).containsExactly("a", "b", "c", "elsewhere");
    }

    @Test
    void badInputIsRefusedAsIamDoes() {
        assertThatThrownBy(() -> sim.iam().createInstanceProfile(r -> r.instanceProfileName("p").path("no-slash")))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                });
        assertThatThrownBy(() -> sim.iam().createInstanceProfile(r -> r.instanceProfileName("p")
                .tags(Tag.builder().key("aws:x").value("y").build())))
                .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInput"));
        assertThat(sim.simulator.instanceProfiles()).isEmpty();
    }

    @Test
    void faultsHitIamOperationsByNameAndThrottlingIsRetried() {
        sim.simulator.faults().throttleNext(2, "GetRole");
        assertThat(sim.iam().getRole(r -> r.roleName(ROLE)).role().roleName()).isEqualTo(ROLE);
        assertThat(sim.simulator.requests("GetRole")).extracting(RecordedRequest::errorCode)
                .containsExactly("Throttling", "Throttling", null);

        sim.simulator.faults().failNext("CreateInstanceProfile", 1, "ServiceFailure", 500, "boom");
        sim.simulator.faults().failNext("TagInstanceProfile", 1, "AccessDenied", 403, "not allowed");
        createProfile("p");
        assertThat(sim.simulator.requests("CreateInstanceProfile")).extracting(RecordedRequest::httpStatus).containsExactly(500, 200);
        assertThatThrownBy(() -> sim.iam().tagInstanceProfile(r -> r.instanceProfileName("p")
                .tags(Tag.builder().key("k").value("v").build())))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
    }
}
