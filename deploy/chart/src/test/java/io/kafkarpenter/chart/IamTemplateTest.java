package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ServiceAccount;

/**
 * deploy/iam: the CloudFormation template holds, for each service that calls AWS, a role trusted by EKS Pod Identity
 * whose policy is exactly deploy/iam/&lt;service&gt;.json (the file the tests enforce in the EC2 simulator), bound to
 * the chart's ServiceAccount of that service; every statement has a Sid (the IAM usage check keys on it).
 */
class IamTemplateTest {

    /** The services with an IAM policy; the pod-watcher calls no AWS API. */
    static final List<String> POLICY_SERVICES = List.of("provisioner", "launcher", "consolidator", "tag-reconciler");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /** A CloudFormation intrinsic function in short form ({@code !Sub "..."}, {@code !Ref X}, {@code !GetAtt X.Arn}). */
    record Intrinsic(String function, String argument) {
    }

    private static Path iam;
    private static Map<String, Object> template;

    @BeforeAll
    static void load() throws IOException {
        iam = iamDir();
        template = parse(Files.readString(iam.resolve("cloudformation.yaml")));
    }

    @Test
    void eachPolicyOfTheTemplateIsTheServicesPolicyFile() throws IOException {
        for (String service : POLICY_SERVICES) {
            Map<String, Object> role = properties(roleOf(service));
            List<?> policies = (List<?>) role.get("Policies");
            assertThat(policies).as(service + ": one inline policy").hasSize(1);
            Map<?, ?> policy = (Map<?, ?>) policies.get(0);
            assertThat(policy.get("PolicyName")).isEqualTo(new Intrinsic("Sub", "kafkarpenter-" + service + "-${ClusterName}"));
            assertThat(policy.get("PolicyDocument")).as(service + ": the document is a !Sub of the JSON (CloudFormation "
                + "then fills in ${ClusterName} and the AWS:: variables)").isInstanceOf(Intrinsic.class);
            Intrinsic document = (Intrinsic) policy.get("PolicyDocument");
            assertThat(document.function()).isEqualTo("Sub");
            assertThat(JSON.readTree(document.argument())).as(service + ": the template's policy is deploy/iam/" + service + ".json")
                .isEqualTo(JSON.readTree(iam.resolve(service + ".json").toFile()));
        }
    }

    @Test
    void policiesUseOnlyTheVariablesCloudFormationAndTheSimulatorKnow() throws IOException {
        for (String service : POLICY_SERVICES) {
            Set<String> variables = new TreeSet<>();
            Matcher m = VARIABLE.matcher(Files.readString(iam.resolve(service + ".json")));
            while (m.find()) {
                variables.add(m.group(1));
            }
            assertThat(variables).as(service).isSubsetOf("AWS::Partition", "AWS::Region", "AWS::AccountId", "ClusterName");
        }
    }

    @Test
    void everyStatementHasAUniqueSidAndAllows() throws IOException {
        for (String service : POLICY_SERVICES) {
            JsonNode policy = JSON.readTree(iam.resolve(service + ".json").toFile());
            assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
            Set<String> sids = new HashSet<>();
            for (JsonNode statement : policy.path("Statement")) {
                String sid = statement.path("Sid").asText("");
                assertThat(sid).as(service + ": statement without Sid: " + statement).matches("[A-Za-z0-9]+");
                assertThat(sids.add(sid)).as(service + ": Sid " + sid + " twice").isTrue();
                assertThat(statement.path("Effect").asText()).as(service + " " + sid).isEqualTo("Allow");
            }
            assertThat(sids).as(service).isNotEmpty();
        }
    }

    @Test
    void eachRoleIsNamedForItsServiceAndTrustsOnlyEksPodIdentity() {
        for (String service : POLICY_SERVICES) {
            Map<String, Object> role = properties(roleOf(service));
            assertThat(role.get("RoleName")).isEqualTo(new Intrinsic("Sub", "kafkarpenter-" + service + "-${ClusterName}"));
            Map<?, ?> trust = (Map<?, ?>) role.get("AssumeRolePolicyDocument");
            List<?> statements = (List<?>) trust.get("Statement");
            assertThat(statements).hasSize(1);
            Map<?, ?> statement = (Map<?, ?>) statements.get(0);
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "pods.eks.amazonaws.com"));
            assertThat(statement.get("Action")).isEqualTo(List.of("sts:AssumeRole", "sts:TagSession"));
        }
    }

    @Test
    void podIdentityAssociationsBindEachRoleToTheChartsServiceAccountOfItsService() {
        Map<String, Object> resources = section("Resources");
        List<Map<String, Object>> associations = resources.values().stream().map(r -> cast(r))
            .filter(r -> "AWS::EKS::PodIdentityAssociation".equals(r.get("Type"))).map(IamTemplateTest::properties).toList();
        assertThat(associations).hasSize(POLICY_SERVICES.size());

        RenderedChart chart = Charts.render();
        Set<String> chartAccounts = chart.ofKind(ServiceAccount.class).stream()
            .map(sa -> sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName()).collect(Collectors.toSet());
        Map<String, Object> namespace = cast(section("Parameters").get("Namespace"));
        assertThat(namespace.get("Default")).isEqualTo(HelmChart.NAMESPACE);
        for (String service : POLICY_SERVICES) {
            String account = Charts.name(service);
            assertThat(chartAccounts).contains(HelmChart.NAMESPACE + "/" + account);
            assertThat(associations).as(service).filteredOn(a -> account.equals(a.get("ServiceAccount"))).singleElement()
                .satisfies(a -> {
                    assertThat(a.get("ClusterName")).isEqualTo(new Intrinsic("Ref", "ClusterName"));
                    assertThat(a.get("Namespace")).isEqualTo(new Intrinsic("Ref", "Namespace"));
                    assertThat(a.get("RoleArn")).isEqualTo(new Intrinsic("GetAtt", roleOf(service) + ".Arn"));
                });
        }
        assertThat(associations).as("the pod-watcher calls no AWS API: no role")
            .noneMatch(a -> Charts.name("pod-watcher").equals(a.get("ServiceAccount")));
    }

    @Test
    void outputsTheRoleArns() {
        Map<String, Object> outputs = section("Outputs");
        for (String service : POLICY_SERVICES) {
            assertThat(cast(outputs.get(roleOf(service) + "Arn")).get("Value"))
                .isEqualTo(new Intrinsic("GetAtt", roleOf(service) + ".Arn"));
        }
    }

    /** {@code tag-reconciler} → {@code TagReconcilerRole}. */
    static String roleOf(String service) {
        return Stream.of(service.split("-")).map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1))
            .collect(Collectors.joining()) + "Role";
    }

    private static Map<String, Object> properties(String resource) {
        Map<String, Object> r = cast(section("Resources").get(resource));
        assertThat(r).as("resource " + resource).isNotNull();
        return properties(r);
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return cast(resource.get("Properties"));
    }

    private static Map<String, Object> section(String name) {
        return cast(template.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    /** YAML with CloudFormation's short-form functions read as {@link Intrinsic} values. */
    static Map<String, Object> parse(String yaml) {
        return new Yaml(new CloudFormationConstructor()).load(yaml);
    }

    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Sub", "Ref", "GetAtt")) {
                yamlConstructors.put(new Tag("!" + function), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        if (!(node instanceof ScalarNode scalar)) {
                            throw new IllegalArgumentException("!" + function + " with a non-scalar argument: not used here");
                        }
                        return new Intrinsic(function, scalar.getValue());
                    }
                });
            }
        }
    }

    /** deploy/iam, found from the module directory the tests run in (deploy/chart) upwards. */
    static Path iamDir() {
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/iam");
            if (Files.isRegularFile(candidate.resolve("cloudformation.yaml"))) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new IllegalStateException("no deploy/iam/cloudformation.yaml in " + tried);
    }
}
