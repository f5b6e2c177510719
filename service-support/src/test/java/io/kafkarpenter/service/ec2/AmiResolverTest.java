package io.kafkarpenter.service.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import software.amazon.awssdk.services.ec2.model.Image;

class AmiResolverTest {

    @Test
    void theVariantInTheNameGivesKarpentersRequirements() {
        assertThat(text(AmiResolver.variantRequirements(image("amazon-eks-node-al2023-x86_64-standard-1.34-v1", "x86_64"))
            .orElseThrow())).containsExactly("kubernetes.io/arch In [amd64]",
            "karpenter.k8s.aws/instance-gpu-count DoesNotExist []", "karpenter.k8s.aws/instance-accelerator-count DoesNotExist []");
        assertThat(text(AmiResolver.variantRequirements(image("amazon-eks-node-al2023-arm64-nvidia-1.34-v1", "arm64"))
            .orElseThrow())).containsExactly("kubernetes.io/arch In [arm64]", "karpenter.k8s.aws/instance-gpu-count Exists []");
        assertThat(text(AmiResolver.variantRequirements(image("amazon-eks-node-al2023-x86_64-neuron-1.34-v1", "x86_64"))
            .orElseThrow())).contains("karpenter.k8s.aws/instance-accelerator-count Exists []");
        assertThat(AmiResolver.variantRequirements(image("my-golden-image", "x86_64"))).isEmpty();
    }

    @Test
    void oneImagePerRequirementSetNonDeprecatedThenNewestAndTheListNewestFirst() {
        List<NodeSelectorRequirement> amd = List.of(new NodeSelectorRequirement("kubernetes.io/arch", "In", List.of("amd64")));
        List<NodeSelectorRequirement> arm = List.of(new NodeSelectorRequirement("kubernetes.io/arch", "In", List.of("arm64")));
        var picked = AmiResolver.newestPerRequirements(List.of(
            new AmiResolver.Candidate("ami-old", "a-v1", "2026-10-01T00:00:00Z", false, amd),
            new AmiResolver.Candidate("ami-new-deprecated", "a-v3", "2026-12-01T00:00:00Z", true, amd),
            new AmiResolver.Candidate("ami-new", "a-v2", "2026-11-01T00:00:00Z", false, amd),
            new AmiResolver.Candidate("ami-arm", "b-v2", "2026-11-15T00:00:00Z", false, arm)));
        assertThat(picked).extracting(AmiResolver.Candidate::id).containsExactly("ami-arm", "ami-new");
    }

    private static Image image(String name, String arch) {
        return Image.builder().imageId("ami-1").name(name).architecture(arch).creationDate("2026-11-01T00:00:00Z").build();
    }

    private static List<String> text(List<NodeSelectorRequirement> requirements) {
        return requirements.stream().map(r -> r.getKey() + " " + r.getOperator() + " "
            + (r.getValues() == null ? "[]" : r.getValues())).toList();
    }
}
