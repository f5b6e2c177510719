package io.kafkarpenter.model.crd.validation;

import static io.kafkarpenter.model.crd.CrdFixtures.ec2NodeClass;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkarpenter.model.crd.AmiSelectorTerm;
import io.kafkarpenter.model.crd.BlockDevice;
import io.kafkarpenter.model.crd.BlockDeviceMapping;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassSpec;
import io.kafkarpenter.model.crd.KubeletConfiguration;
import io.kafkarpenter.model.crd.MetadataOptions;
import io.kafkarpenter.model.crd.SecurityGroupSelectorTerm;
import io.kafkarpenter.model.crd.SubnetSelectorTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EC2NodeClassValidatorTest {

    private static List<String> violations(EC2NodeClass nodeClass) {
        return EC2NodeClassValidator.validate(nodeClass).stream().map(Violation::toString).toList();
    }

    private static EC2NodeClassSpec spec(EC2NodeClass nodeClass) {
        return nodeClass.getSpec();
    }

    @Test
    void theFixtureIsValid() {
        assertThat(violations(ec2NodeClass("default"))).isEmpty();
    }

    @Test
    void selectorTermsMustNotBeEmpty() {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        spec(nodeClass).setSubnetSelectorTerms(List.of());
        spec(nodeClass).setSecurityGroupSelectorTerms(null);
        spec(nodeClass).setAmiSelectorTerms(List.of());
        assertThat(violations(nodeClass)).containsExactly(
                "EC2NodeClass default: spec.subnetSelectorTerms: required: at least one selector term",
                "EC2NodeClass default: spec.securityGroupSelectorTerms: required: at least one selector term",
                "EC2NodeClass default: spec.amiSelectorTerms: required: at least one selector term",
                "EC2NodeClass default: spec.amiFamily: must specify amiFamily if amiSelectorTerms does not contain an alias");
    }

    @Test
    void aTermSelectsOneWay() {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        spec(nodeClass).setSubnetSelectorTerms(List.of(new SubnetSelectorTerm(Map.of("a", "b"), "subnet-0abc"), new SubnetSelectorTerm(null, null),
                new SubnetSelectorTerm(Map.of("k", ""), null), new SubnetSelectorTerm(null, "vpc-123")));
        SecurityGroupSelectorTerm both = new SecurityGroupSelectorTerm();
        both.setName("web");
        both.setTags(Map.of("a", "b"));
        spec(nodeClass).setSecurityGroupSelectorTerms(List.of(both));
        assertThat(violations(nodeClass)).containsExactly(
                "EC2NodeClass default: spec.subnetSelectorTerms[0]: 'id' is mutually exclusive, cannot be set with a combination of other fields in a subnet selector term",
                "EC2NodeClass default: spec.subnetSelectorTerms[1]: expected at least one of tags, id",
                "EC2NodeClass default: spec.subnetSelectorTerms[2].tags: empty tag keys or values aren't supported (\"k\": \"\")",
                "EC2NodeClass default: spec.subnetSelectorTerms[3].id: \"vpc-123\" is not a subnet ID (subnet-...)",
                "EC2NodeClass default: spec.securityGroupSelectorTerms[0]: 'name' is mutually exclusive, cannot be set with a combination of other fields in a security group selector term");
    }

    @ParameterizedTest
    @ValueSource(strings = {"al2023@latest", "al2023@v20240625", "bottlerocket@v1.20.0", "al2@latest", "windows2022@latest", "windows2019@latest"})
    void supportedAliasesAreAccepted(String alias) {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        spec(nodeClass).setAmiSelectorTerms(List.of(AmiSelectorTerm.ofAlias(alias)));
        assertThat(violations(nodeClass)).isEmpty();
    }

    @Test
    void aliasRules() {
        EC2NodeClass badFormat = ec2NodeClass("default");
        spec(badFormat).setAmiSelectorTerms(List.of(AmiSelectorTerm.ofAlias("al2023")));
        assertThat(violations(badFormat)).containsExactly("EC2NodeClass default: spec.amiSelectorTerms[0].alias: "
                + "alias \"al2023\" is improperly formatted, must match the format 'family@version'");

        EC2NodeClass badFamily = ec2NodeClass("default");
        spec(badFamily).setAmiSelectorTerms(List.of(AmiSelectorTerm.ofAlias("ubuntu@latest")));
        assertThat(violations(badFamily)).singleElement().asString().contains("alias family \"ubuntu\" is not supported");

        EC2NodeClass pinnedWindows = ec2NodeClass("default");
        spec(pinnedWindows).setAmiSelectorTerms(List.of(AmiSelectorTerm.ofAlias("windows2022@v1")));
        assertThat(violations(pinnedWindows)).singleElement().asString().endsWith("windows families may only specify version 'latest'");

        EC2NodeClass aliasAndId = ec2NodeClass("default");
        AmiSelectorTerm byId = new AmiSelectorTerm();
        byId.setId("ami-0abc");
        spec(aliasAndId).setAmiSelectorTerms(new ArrayList<>(List.of(AmiSelectorTerm.ofAlias("al2023@latest"), byId)));
        assertThat(violations(aliasAndId)).containsExactly("EC2NodeClass default: spec.amiSelectorTerms[0].alias: "
                + "'alias' is mutually exclusive, cannot be set with a combination of other amiSelectorTerms");

        EC2NodeClass wrongFamily = ec2NodeClass("default");
        spec(wrongFamily).setAmiFamily("Bottlerocket");
        assertThat(violations(wrongFamily)).containsExactly("EC2NodeClass default: spec.amiFamily: "
                + "if set, amiFamily must be 'AL2023' or 'Custom' when using an AL2023 alias");
        spec(wrongFamily).setAmiFamily("Custom");
        assertThat(violations(wrongFamily)).isEmpty();
    }

    @Test
    void idTermsNeedAnAmiFamily() {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        AmiSelectorTerm byId = new AmiSelectorTerm();
        byId.setId("ami-0abc");
        spec(nodeClass).setAmiSelectorTerms(List.of(byId));
        assertThat(violations(nodeClass)).containsExactly(
                "EC2NodeClass default: spec.amiFamily: must specify amiFamily if amiSelectorTerms does not contain an alias");
        spec(nodeClass).setAmiFamily("AL2023");
        assertThat(violations(nodeClass)).isEmpty();
    }

    @Test
    void roleXorInstanceProfile() {
        EC2NodeClass both = ec2NodeClass("default");
        spec(both).setInstanceProfile("profile");
        assertThat(violations(both)).containsExactly("EC2NodeClass default: spec: must specify exactly one of ['role', 'instanceProfile']");
        EC2NodeClass neither = ec2NodeClass("default");
        spec(neither).setRole(null);
        assertThat(violations(neither)).containsExactly("EC2NodeClass default: spec: must specify exactly one of ['role', 'instanceProfile']");
        EC2NodeClass profileOnly = ec2NodeClass("default");
        spec(profileOnly).setRole(null);
        spec(profileOnly).setInstanceProfile("profile");
        assertThat(violations(profileOnly)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kubernetes.io/cluster/my-cluster", "karpenter.sh/nodepool", "karpenter.sh/nodeclaim", "eks:eks-cluster-name",
            "karpenter.k8s.aws/ec2nodeclass"})
    void restrictedTagsAreRejected(String key) {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        spec(nodeClass).getTags().put(key, "x");
        assertThat(violations(nodeClass)).singleElement().asString()
                .startsWith("EC2NodeClass default: spec.tags[\"" + key + "\"]: tag contains a restricted tag matching");
    }

    @Test
    void kubeletValues() {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        KubeletConfiguration kubelet = new KubeletConfiguration();
        kubelet.setMaxPods(-1);
        kubelet.setPodsPerCore(10);
        kubelet.setSystemReserved(Map.of("gpu", "1", "memory", "-100Mi"));
        kubelet.setKubeReserved(Map.of("cpu", "lots"));
        kubelet.setEvictionHard(Map.of("memory.available", "5%", "disk.available", "10%"));
        kubelet.setEvictionSoft(Map.of("nodefs.available", "15%"));
        kubelet.setEvictionSoftGracePeriod(Map.of("imagefs.available", "1m"));
        kubelet.setImageGCHighThresholdPercent(50);
        kubelet.setImageGCLowThresholdPercent(60);
        spec(nodeClass).setKubelet(kubelet);
        assertThat(violations(nodeClass)).containsExactlyInAnyOrder(
                "EC2NodeClass default: spec.kubelet.maxPods: must be at least 0, got -1",
                "EC2NodeClass default: spec.kubelet.systemReserved[\"gpu\"]: unsupported resource (valid keys are cpu, memory, ephemeral-storage, pid)",
                "EC2NodeClass default: spec.kubelet.systemReserved[\"memory\"]: cannot be a negative resource quantity, got \"-100Mi\"",
                "EC2NodeClass default: spec.kubelet.kubeReserved[\"cpu\"]: invalid quantity \"lots\" (e.g. 10, 500m, 16Gi)",
                "EC2NodeClass default: spec.kubelet.evictionHard[\"disk.available\"]: unsupported eviction signal (must be memory.available, nodefs.available, nodefs.inodesFree, imagefs.available, imagefs.inodesFree, pid.available)",
                "EC2NodeClass default: spec.kubelet.evictionSoft[\"nodefs.available\"]: evictionSoft key does not have a matching evictionSoftGracePeriod",
                "EC2NodeClass default: spec.kubelet.evictionSoftGracePeriod[\"imagefs.available\"]: evictionSoftGracePeriod key does not have a matching evictionSoft",
                "EC2NodeClass default: spec.kubelet.imageGCHighThresholdPercent: imageGCHighThresholdPercent must be greater than imageGCLowThresholdPercent (50 <= 60)");
    }

    @Test
    void blockDevicesAndMetadataOptions() {
        EC2NodeClass nodeClass = ec2NodeClass("default");
        BlockDevice big = new BlockDevice();
        big.setVolumeSize("100000Gi");
        big.setVolumeType("gp4");
        BlockDeviceMapping first = new BlockDeviceMapping();
        first.setDeviceName("/dev/xvda");
        first.setRootVolume(true);
        first.setEbs(big);
        BlockDeviceMapping second = new BlockDeviceMapping();
        second.setDeviceName("/dev/xvdb");
        second.setRootVolume(true);
        second.setEbs(new BlockDevice());
        spec(nodeClass).setBlockDeviceMappings(List.of(first, second));
        MetadataOptions options = new MetadataOptions();
        options.setHttpTokens("sometimes");
        options.setHttpPutResponseHopLimit(65L);
        spec(nodeClass).setMetadataOptions(options);
        assertThat(violations(nodeClass)).containsExactly(
                "EC2NodeClass default: spec.blockDeviceMappings[0].ebs.volumeSize: invalid volume size \"100000Gi\" (1Gi..59000Gi, 1G..64000G, 1Ti..58Ti or 1T..64T)",
                "EC2NodeClass default: spec.blockDeviceMappings[0].ebs.volumeType: unsupported volume type \"gp4\" (must be standard, io1, io2, gp2, sc1, st1, gp3)",
                "EC2NodeClass default: spec.blockDeviceMappings[1].ebs: snapshotID or volumeSize must be defined",
                "EC2NodeClass default: spec.blockDeviceMappings: must have only one blockDeviceMappings with rootVolume, got 2 (indexes [0, 1])",
                "EC2NodeClass default: spec.metadataOptions.httpTokens: unsupported value \"sometimes\" (must be required, optional)",
                "EC2NodeClass default: spec.metadataOptions.httpPutResponseHopLimit: must be between 1 and 64, got 65");
    }
}
