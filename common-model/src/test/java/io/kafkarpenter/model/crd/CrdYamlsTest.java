package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs in {@code deploy/crds} are the ones fabric8's crd-generator makes from the classes (at process-classes), with
 * the printer columns in the order the classes declare them (the generator sorts them by JSON path), and they describe
 * the classes: group, version, kind, plural, cluster scope, status subresource.
 * Refresh them after changing a class: {@code ./mvnw -B -pl common-model verify -Dkk.crds.update=true}.
 */
class CrdYamlsTest {
    private static final Path DEPLOY_CRDS = Path.of("..", "deploy", "crds");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Stream<Arguments> crds() {
        return Stream.of(
                Arguments.of(NodePool.class, "karpenter.sh_nodepools.yaml", "nodepools.karpenter.sh-v1.yml"),
                Arguments.of(NodeClaim.class, "karpenter.sh_nodeclaims.yaml", "nodeclaims.karpenter.sh-v1.yml"),
                Arguments.of(EC2NodeClass.class, "karpenter.k8s.aws_ec2nodeclasses.yaml", "ec2nodeclasses.karpenter.k8s.aws-v1.yml"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("crds")
    void deployedCrdIsTheGeneratedOne(Class<?> type, String deployed, String generated) throws IOException {
        String fromClasses = withDeclaredColumnOrder(generated(generated), type);
        Path file = DEPLOY_CRDS.resolve(deployed);
        if (Boolean.getBoolean("kk.crds.update")) {
            Files.createDirectories(DEPLOY_CRDS);
            Files.writeString(file, fromClasses, StandardCharsets.UTF_8);
        }
        assertThat(file).as("%s is missing or stale; refresh with -Dkk.crds.update=true", file).exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s differs from the CRD generated from %s; refresh with -Dkk.crds.update=true", file, type.getSimpleName())
                .isEqualTo(fromClasses);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("crds")
    void deployedCrdMatchesTheClassAnnotations(Class<? extends CustomResource<?, ?>> type, String deployed, String generated) throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(DEPLOY_CRDS.resolve(deployed))) {
            crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
        }
        String group = type.getAnnotation(Group.class).value();
        String plural = type.getAnnotation(Plural.class).value();
        assertThat(crd.getMetadata().getName()).isEqualTo(plural + "." + group).isEqualTo(CustomResource.getCRDName(type));
        assertThat(crd.getSpec().getGroup()).isEqualTo(group);
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(type.getAnnotation(Kind.class).value());
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("karpenter");
        assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName()).isEqualTo(type.getAnnotation(Version.class).value()).isEqualTo("v1");
            assertThat(version.getServed()).isTrue();
            assertThat(version.getStorage()).isTrue();
            assertThat(version.getSubresources().getStatus()).isNotNull();
        });
        JSONSchemaProps spec = schema(crd.getSpec().getVersions().get(0)).getProperties().get("spec");
        assertThat(spec).isNotNull();
        assertThat(schema(crd.getSpec().getVersions().get(0)).getProperties()).containsKey("status");
    }

    @org.junit.jupiter.api.Test
    void schemasCarryKarpentersRules() throws IOException {
        CustomResourceDefinition nodePools;
        try (InputStream in = Files.newInputStream(DEPLOY_CRDS.resolve("karpenter.sh_nodepools.yaml"))) {
            nodePools = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
        }
        JSONSchemaProps spec = schema(nodePools.getSpec().getVersions().get(0)).getProperties().get("spec");
        assertThat(spec.getRequired()).containsExactly("template");
        JSONSchemaProps weight = spec.getProperties().get("weight");
        assertThat(weight.getMinimum()).isEqualTo(1.0);
        assertThat(weight.getMaximum()).isEqualTo(100.0);
        JSONSchemaProps template = spec.getProperties().get("template").getProperties().get("spec");
        assertThat(template.getRequired()).contains("nodeClassRef", "requirements");
        assertThat(template.getProperties().get("expireAfter").getPattern()).isEqualTo("^(([0-9]+(s|m|h))+|Never)$");
        assertThat(template.getProperties().get("requirements").getItems().getSchema().getProperties().get("minValues").getMaximum())
                .isEqualTo(50.0);
        JSONSchemaProps budgets = spec.getProperties().get("disruption").getProperties().get("budgets");
        assertThat(budgets.getXKubernetesValidations()).singleElement()
                .satisfies(rule -> assertThat(rule.getRule()).isEqualTo("self.all(x, has(x.schedule) == has(x.duration))"));
    }

    @org.junit.jupiter.api.Test
    void staticNodePoolsScaleAndKeepKarpentersRules() throws IOException {
        CustomResourceDefinition nodePools = deployed("karpenter.sh_nodepools.yaml");
        CustomResourceDefinitionVersion v1 = nodePools.getSpec().getVersions().get(0);
        JSONSchemaProps spec = schema(v1).getProperties().get("spec");

        assertThat(v1.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(v1.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.nodes");
        assertThat(spec.getProperties().get("replicas").getType()).isEqualTo("integer");
        assertThat(spec.getXKubernetesValidations()).extracting(ValidationRule::getRule).containsExactlyInAnyOrder(
                "has(self.replicas) == has(oldSelf.replicas)",
                "!has(self.replicas) || (!has(self.limits) || size(self.limits) == 0 || (size(self.limits) == 1 && 'nodes' in self.limits))",
                "!has(self.replicas) || !has(self.weight)");
        JSONSchemaProps disruption = spec.getProperties().get("disruption");
        assertThat(disruption.getDefault().get("consolidateAfter").asText()).isEqualTo("0s");
        assertThat(disruption.getRequired()).containsExactly("consolidateAfter");
        assertThat(disruption.getProperties().get("consolidationPolicy").getXKubernetesValidations()).singleElement()
                .satisfies(rule -> assertThat(rule.getRule()).contains("'Balanced'"));
    }

    @org.junit.jupiter.api.Test
    void ec2NodeClassCarriesKarpentersNewFieldsAndNoLeakedGetter() throws IOException {
        JSONSchemaProps spec = schema(deployed("karpenter.k8s.aws_ec2nodeclasses.yaml").getSpec().getVersions().get(0))
                .getProperties().get("spec");

        assertThat(spec.getProperties()).containsKeys("networkInterfaces", "connectionTracking", "cpuOptions", "placementGroupSelector")
                .doesNotContainKey("enclaveOptions");
        assertThat(spec.getProperties().get("networkInterfaces").getMaxItems()).isEqualTo(150L);
        assertThat(spec.getProperties().get("networkInterfaces").getItems().getSchema().getRequired())
                .containsExactlyInAnyOrder("networkCardIndex", "deviceIndex", "interfaceType");
        assertThat(spec.getProperties().get("placementGroupSelector").getXKubernetesValidations()).extracting(ValidationRule::getRule)
                .containsExactlyInAnyOrder("has(self.name) || has(self.id)", "!(has(self.name) && has(self.id))");
        assertThat(spec.getProperties().get("amiFamily").getXKubernetesValidations()).singleElement()
                .satisfies(rule -> assertThat(rule.getRule()).contains("'Windows2025'"));
        assertThat(spec.getXKubernetesValidations()).extracting(ValidationRule::getMessage)
                .contains("must specify exactly one of ['role', 'instanceProfile']", "must specify amiFamily if amiSelectorTerms does not contain an alias");
        JSONSchemaProps kubelet = spec.getProperties().get("kubelet");
        assertThat(kubelet.getProperties()).containsKeys("maxPods", "kubeReserved").hasSize(12);
        assertThat(kubelet.getXKubernetesPreserveUnknownFields()).isNull();
        assertThat(kubelet.getAdditionalProperties()).isNull();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("crds")
    void printerColumnsComeInDeclarationOrder(Class<?> type, String deployed, String generated) throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(DEPLOY_CRDS.resolve(deployed))) {
            crd = SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
        }
        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName)
                .containsExactly(Stream.of(type.getAnnotationsByType(AdditionalPrinterColumn.class)).map(AdditionalPrinterColumn::name).toArray(String[]::new))
                .contains("Ready", "Age");
    }

    /**
     * {@code crdYaml} with its printer columns in the order {@code type} declares its {@link AdditionalPrinterColumn}s
     * (kubectl shows them in CRD order; the generator sorts them by JSON path); unchanged when already in that order.
     */
    static String withDeclaredColumnOrder(String crdYaml, Class<?> type) {
        CustomResourceDefinition crd = SERIALIZATION.unmarshal(crdYaml, CustomResourceDefinition.class);
        List<String> order = Stream.of(type.getAnnotationsByType(AdditionalPrinterColumn.class)).map(AdditionalPrinterColumn::name).toList();
        boolean reordered = false;
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
            columns.sort(Comparator.comparingInt(column -> order.indexOf(column.getName())));
            reordered |= !columns.equals(version.getAdditionalPrinterColumns());
            version.setAdditionalPrinterColumns(columns);
        }
        if (!reordered) {
            return crdYaml;
        }
        String header = crdYaml.startsWith("#") ? crdYaml.substring(0, crdYaml.indexOf('\n') + 1) : "";
        String yaml = SERIALIZATION.asYaml(crd);
        return header + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
    }

    private static CustomResourceDefinition deployed(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DEPLOY_CRDS.resolve(file))) {
            return SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
        }
    }

    private static JSONSchemaProps schema(CustomResourceDefinitionVersion version) {
        return version.getSchema().getOpenAPIV3Schema();
    }

    private static String generated(String name) throws IOException {
        try (InputStream in = CrdYamlsTest.class.getResourceAsStream("/META-INF/fabric8/" + name)) {
            assertThat(in).as("generated CRD %s (crd-generator-maven-plugin runs at process-classes)", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
