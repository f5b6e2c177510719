package io.kafkarpenter.sandbox.kube.api.discovery;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** CRD fixtures: the repository's Karpenter CRDs (deploy/crds) and small hand-built ones. */
public final class Crds {

    public static final Path DIR = Path.of("../crds");

    private Crds() {
    }

    /** NodePool, NodeClaim and EC2NodeClass as deploy/crds has them. */
    public static List<CustomResourceDefinition> karpenter() {
        try (var files = Files.list(DIR)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(Crds::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CustomResourceDefinition named(String plural) {
        return karpenter().stream().filter(c -> c.getSpec().getNames().getPlural().equals(plural)).findFirst()
                .orElseThrow();
    }

    /** A namespaced CRD {@code widgets.example.com} v1 with a status and a scale subresource, no printer columns. */
    public static CustomResourceDefinition widget() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("widgets.example.com").endMetadata()
                .withNewSpec().withGroup("example.com").withScope("Namespaced")
                .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget")
                .withShortNames("wd").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus()
                .withNewScale().withSpecReplicasPath(".spec.replicas").withStatusReplicasPath(".status.replicas")
                .endScale().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").endOpenAPIV3Schema().endSchema()
                .endVersion().endSpec().build();
    }

    private static CustomResourceDefinition load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
