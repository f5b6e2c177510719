package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import io.kafkarpenter.sandbox.iam.IamConfig;
import io.kafkarpenter.sandbox.iam.StatementRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callers, all-pairs-must-pass and usage recording, without HTTP. */
class IamGateTest {
    private static final Path READER = Path.of("src/test/resources/iam/reader.json");
    private static final Path LAUNCHER = Path.of("src/test/resources/iam/launcher.json");

    private static IamGate gate(IamConfig iam) {
        return new IamGate(Ec2SimulatorConfig.builder().clusterName("demo").iam(iam).build());
    }

    private static final AuthorizationRequest DESCRIBE = new AuthorizationRequest("ec2:DescribeInstances", "*",
            Map.of("aws:RequestedRegion", List.of("us-east-1")));

    @Test
    void withoutEnforcementEveryoneIsAnAdmin() {
        try (IamGate gate = gate(IamConfig.disabled())) {
            assertThat(gate.identify(null)).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
            assertThat(gate.identify("anyone")).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
            assertThat(gate.usageFile()).isNull();
        }
    }

    @Test
    void callersAreAdminsPolicyHoldersOrUnknown() {
        try (IamGate gate = gate(IamConfig.builder().policy("reader", READER).adminKey("sandbox").build())) {
            assertThat(gate.identify("sandbox")).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
            assertThat(gate.identify("reader")).hasValueSatisfying(c -> assertThat(c.policy().name()).isEqualTo("reader"));
            assertThat(gate.identify("stranger")).isEmpty();
            assertThat(gate.identify(null)).isEmpty();
        }
    }

    @Test
    void theAccessKeyIdIsReadFromTheCredentialScope() {
        assertThat(IamGate.accessKeyId("AWS4-HMAC-SHA256 Credential=kafkarpenter-launcher/20261206/us-east-1/ec2/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=abc")).isEqualTo("kafkarpenter-launcher");
        assertThat(IamGate.accessKeyId(null)).isNull();
        assertThat(IamGate.accessKeyId("Basic dXNlcjpwYXNz")).isNull();
    }

    @Test
    void everyPairMustBeAllowedAndTheFirstRefusedOneIsNamed(@TempDir Path usage) throws Exception {
        try (IamGate gate = gate(IamConfig.builder().policy("reader", READER).usageDir(usage).build())) {
            IamGate.Caller reader = gate.identify("reader").orElseThrow();
            AuthorizationRequest terminate = new AuthorizationRequest("ec2:TerminateInstances",
                    "arn:aws:ec2:us-east-1:123456789012:instance/i-1");
            AuthorizationRequest tag = new AuthorizationRequest("ec2:CreateTags", "arn:aws:ec2:us-east-1:123456789012:instance/i-1");

            assertThat(gate.authorize(reader, List.of(DESCRIBE, tag, terminate))).hasValueSatisfying(d -> {
                assertThat(d.request()).isEqualTo(tag);
                assertThat(d.explicit()).isFalse();
                assertThat(d.message()).isEqualTo("User: arn:aws:sts::123456789012:assumed-role/reader/reader is not authorized to "
                        + "perform: ec2:CreateTags on resource: arn:aws:ec2:us-east-1:123456789012:instance/i-1 because no "
                        + "identity-based policy allows the ec2:CreateTags action");
            });
            assertThat(gate.authorize(reader, List.of(DESCRIBE, terminate))).hasValueSatisfying(d -> {
                assertThat(d.explicit()).isTrue();
                assertThat(d.message()).endsWith("with an explicit deny in an identity-based policy");
            });
            assertThat(gate.used()).as("refused calls use nothing").isEmpty();
            assertThat(gate.usageFile()).doesNotExist();

            assertThat(gate.authorize(reader, List.of(DESCRIBE, DESCRIBE))).isEmpty();
            assertThat(gate.used()).containsExactly(new StatementRef("reader", "AllowRegionalReadActions"));
            assertThat(Files.readString(gate.usageFile())).isEqualTo("reader\tAllowRegionalReadActions\n");
        }
    }

    @Test
    void policiesGetTheSimulatorsVariables() {
        try (IamGate gate = gate(IamConfig.builder().policy("launcher", LAUNCHER).build())) {
            IamGate.Caller launcher = gate.identify("launcher").orElseThrow();
            assertThat(gate.authorize(launcher, List.of(new AuthorizationRequest("iam:PassRole",
                    "arn:aws:iam::123456789012:role/KarpenterNodeRole-demo",
                    Map.of("iam:PassedToService", List.of("ec2.amazonaws.com")))))).isEmpty();
        }
    }

    @Test
    void aBrokenPolicyFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"*\","
                + "\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"true\"}}}}");
        assertThatThrownBy(() -> Ec2Simulator.start(Ec2SimulatorConfig.builder()
                .iam(IamConfig.builder().policy("k", broken).build()).build()))
                .hasMessageContaining("broken.json, statement S: unsupported condition operator 'Bool'");
    }
}
