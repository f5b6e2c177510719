package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs we ship ({@code deploy/crds}) have the shape of Karpenter's (see {@link CrdShape}): same names, scope,
 * subresources and printer columns, and every field path with the same type, none missing (an API server would prune
 * it from the user's manifest) and none extra. Karpenter's shapes are checked in as
 * {@code src/test/resources/karpenter/karpenter-<version>-<plural>.paths}, extracted from its released CRDs
 * ({@code pkg/apis/crds} of aws/karpenter-provider-aws at the release tag). To extract them again (e.g. for a new
 * release), put the three CRD files in a directory and run
 * <pre>
 * ./mvnw -pl common-model test -Dtest=CrdCompatibilityTest -Dkk.karpenter.crds=DIR \
 *     -Dkk.karpenter.source='aws/karpenter-provider-aws tag v1.14.1 (bde00654c), pkg/apis/crds'
 * </pre>
 * after setting {@link #KARPENTER_VERSION}.
 */
class CrdCompatibilityTest {
    /** The Karpenter release whose CRDs ours must match. */
    static final String KARPENTER_VERSION = "v1.14.1";
    /** Every custom resource has these whatever its schema says; fabric8's generator leaves them out. */
    private static final Set<String> ENVELOPE = Set.of("apiVersion", "kind", "metadata");
    private static final Path DEPLOY_CRDS = Path.of("..", "deploy", "crds");
    private static final Path RESOURCES = Path.of("src", "test", "resources", "karpenter");

    static Stream<Arguments> crds() {
        return Stream.of(
                Arguments.of("karpenter.sh_nodepools.yaml", "nodepools"),
                Arguments.of("karpenter.sh_nodeclaims.yaml", "nodeclaims"),
                Arguments.of("karpenter.k8s.aws_ec2nodeclasses.yaml", "ec2nodeclasses"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crds")
    void shippedCrdHasKarpentersShape(String file, String plural) throws IOException {
        CrdShape karpenter = CrdShape.read(karpenterLines(plural));
        CrdShape shipped = CrdShape.ofCrd(DEPLOY_CRDS.resolve(file));

        List<String> differences = karpenter.differences(shipped, ENVELOPE);

        assertThat(differences)
                .as("deploy/crds/%s differs from Karpenter %s's %s (missing = Karpenter has it, extra = only ours)",
                        file, KARPENTER_VERSION, plural)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crds")
    void karpentersShapeIsComplete(String file, String plural) throws IOException {
        CrdShape karpenter = CrdShape.read(karpenterLines(plural));

        assertThat(karpenterLines(plural).get(0)).startsWith("# Karpenter " + KARPENTER_VERSION + " ");
        assertThat(karpenter.fields).containsKeys("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(karpenter.definition).contains("crd plural " + plural, "crd scope Cluster", "crd subresource status");
        assertThat(karpenter.columns).isNotEmpty();
    }

    @Test
    void shapeNamesArraysMapsAndTypes() {
        CrdShape nodePools = CrdShape.ofCrd(DEPLOY_CRDS.resolve("karpenter.sh_nodepools.yaml"));

        assertThat(nodePools.fields)
                .containsEntry("spec.template.spec.requirements", "array")
                .containsEntry("spec.template.spec.requirements[].minValues", "integer")
                .containsEntry("spec.limits{}", "int-or-string")
                .containsEntry("status.conditions[].reason", "string");
        assertThat(nodePools.columns).first().asString()
                .isEqualTo("column NodeClass string priority=0 .spec.template.spec.nodeClassRef.name");
    }

    @Test
    void differencesNameMissingExtraAndRetypedFields() {
        CrdShape expected = CrdShape.read(List.of("crd scope Cluster", "field spec object", "field spec.a string",
                "field spec.b integer", "field metadata object"));
        CrdShape actual = CrdShape.read(List.of("crd scope Namespaced", "field spec object", "field spec.b string",
                "field spec.c boolean"));

        assertThat(expected.differences(actual, ENVELOPE)).containsExactlyInAnyOrder(
                "missing crd scope Cluster", "extra crd scope Namespaced", "missing field spec.a string",
                "field spec.b is string, expected integer", "extra field spec.c boolean");
    }

    /** Rewrites Karpenter's shapes from its CRD files in {@code -Dkk.karpenter.crds} (see the class comment). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("crds")
    @EnabledIfSystemProperty(named = "kk.karpenter.crds", matches = ".+")
    void extractKarpentersShape(String file, String plural) {
        Path upstream = Path.of(System.getProperty("kk.karpenter.crds")).resolve(file);
        String source = System.getProperty("kk.karpenter.source", "aws/karpenter-provider-aws " + KARPENTER_VERSION);
        CrdShape.ofCrd(upstream).write(RESOURCES.resolve(resourceName(plural)), List.of(
                "Karpenter " + KARPENTER_VERSION + " " + plural + ": " + file + " of " + source + ".",
                "Extracted by CrdShape (common-model tests); re-extract as CrdCompatibilityTest's comment says. One fact a line:",
                "crd = definition, column = printer column (in order), field = schema field path and type;",
                "a.b = property b of object a, a[] = items of array a, a{} = values of map a (additionalProperties)."));
    }

    private static String resourceName(String plural) {
        return "karpenter-" + KARPENTER_VERSION + "-" + plural + ".paths";
    }

    private static List<String> karpenterLines(String plural) throws IOException {
        try (InputStream in = CrdCompatibilityTest.class.getResourceAsStream("/karpenter/" + resourceName(plural))) {
            assertThat(in).as("Karpenter's shape %s (see CrdCompatibilityTest)", resourceName(plural)).isNotNull();
            return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }
}
