package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkarpenter.sandbox.iam.IamUsage;
import io.kafkarpenter.sandbox.iam.StatementRef;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The simulator as its own process with the {@code --iam-*} flags, as the e2e sandbox runs it. */
class IamProcessIT {
    private static Ec2Client client(URI endpoint, String key) {
        return Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theFlagsEnforceThePoliciesAndTheUsageFileOutlivesTheProcess(@TempDir Path usageDir) throws Exception {
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Ec2SimulatorMain.class.getName(),
                "--catalog", SimulatedEc2.SMALL_CATALOG, "--quiet",
                "--iam-policy", "reader=" + Path.of("src/test/resources/iam/reader.json").toAbsolutePath(),
                "--iam-admin-key", "sandbox", "--iam-usage-dir", usageDir.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            URI endpoint = null;
            String iamLine = null;
            Pattern listening = Pattern.compile("EC2 simulator listening on (http://\\S+)");
            while (iamLine == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    endpoint = URI.create(m.group(1));
                } else if (line.startsWith("IAM policies enforced")) {
                    iamLine = line;
                }
            }
            assertThat(endpoint).isNotNull();
            assertThat(iamLine).contains("[reader]").contains("[sandbox]").contains(usageDir.toString());

            try (Ec2Client reader = client(endpoint, "reader"); Ec2Client stranger = client(endpoint, "stranger");
                 Ec2Client admin = client(endpoint, "sandbox")) {
                assertThat(reader.describeSubnets().subnets()).isNotEmpty();
                assertThatThrownBy(() -> reader.createTags(r -> r.resources("subnet-0123456789abcdef0")
                        .tags(t -> t.key("k").value("v"))))
                        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("UnauthorizedOperation"));
                assertThatThrownBy(stranger::describeSubnets)
                        .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(401));
                assertThat(admin.describeVpcs().vpcs()).hasSize(1);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the simulator did not stop on SIGTERM");
            }
        }
        assertThat(IamUsage.read(usageDir)).containsExactly(new StatementRef("reader", "AllowRegionalReadActions"));
    }
}
