package io.kafkarpenter.testing.aws;

import java.nio.file.Path;
import java.util.List;

import io.kafkarpenter.sandbox.iam.IamConfig;
import io.kafkarpenter.sandbox.usage.UsageSuites;
import io.kafkarpenter.testing.kube.ProjectFiles;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * IAM in the EC2 simulator of the ITs, as in the e2e sandbox: the simulator <b>enforces</b> the policies of
 * {@code deploy/iam} — access key id {@code kafkarpenter-<service>} is governed by {@code deploy/iam/<service>.json} —
 * and records which statements allowed a call to the suite's directory of the build's IAM usage
 * ({@link UsageSuites#IAM}), which {@code IamCoverageIT} checks at the end of the build. The tests' own clients and the
 * kubelet stand-in use an {@link #ADMIN_KEYS admin key}.
 *
 * <p>The service under test runs in the test JVM and finds its key the way it finds its credentials in production,
 * through the AWS SDK's default chain: {@link #signAs} sets the {@code aws.accessKeyId} / {@code aws.secretAccessKey}
 * system properties (the chain's first source), as the e2e sandbox passes them to each service process.
 * {@code -Dkk.test.iam=off} runs without enforcement (to tell a denial from another failure while debugging).
 */
public final class SimulatorIam {

    /** The services with an IAM policy (the pod-watcher calls no AWS API). */
    public static final List<String> SERVICES = List.of("provisioner", "launcher", "consolidator", "tag-reconciler");
    /** Keys the simulator treats as the account's root: the tests' own clients, the kubelet stand-in. */
    public static final List<String> ADMIN_KEYS = List.of("sandbox", "AKIDEXAMPLE", "AKID", "kube-standin");
    /** {@code off} turns enforcement off. */
    public static final String IAM_PROPERTY = "kk.test.iam";

    private SimulatorIam() {
    }

    /** A service's access key id in the tests and the sandbox. */
    public static String accessKeyId(String service) {
        return "kafkarpenter-" + checked(service);
    }

    public static String secretAccessKey(String service) {
        return "kafkarpenter-" + checked(service) + "-secret";
    }

    /** {@code deploy/iam/<service>.json} of this repository. */
    public static Path policyFile(String service) {
        return ProjectFiles.find("deploy/iam/" + checked(service) + ".json");
    }

    /**
     * The simulator's IAM settings for the ITs of {@code suite} (one of {@link UsageSuites#IAM}): enforcing, every
     * service's key mapped to its policy, the admin keys, usage written to the suite's directory (if the build set
     * one); not enforcing with {@code -Dkk.test.iam=off}.
     */
    public static IamConfig config(String suite) {
        if ("off".equals(System.getProperty(IAM_PROPERTY))) {
            return IamConfig.disabled();
        }
        IamConfig.Builder builder = IamConfig.builder().enforce(true)
            .adminKeys(ADMIN_KEYS.toArray(String[]::new))
            .usageDir(UsageSuites.IAM.dir(suite).orElse(null));
        SERVICES.forEach(s -> builder.policy(accessKeyId(s), policyFile(s)));
        return builder.build();
    }

    /** The service in this JVM signs with its own key from now on (AWS SDK default chain: system properties). */
    public static void signAs(String service) {
        System.setProperty("aws.accessKeyId", accessKeyId(service));
        System.setProperty("aws.secretAccessKey", secretAccessKey(service));
    }

    /** Undoes {@link #signAs}. */
    public static void signAsNobody() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** The credentials of a service, for a test client that acts as it (attack tests). */
    public static AwsCredentialsProvider credentials(String service) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId(service), secretAccessKey(service)));
    }

    /** Admin credentials, for the tests' own clients (set-up, assertions). */
    public static AwsCredentialsProvider admin() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    }

    private static String checked(String service) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("no IAM policy for " + service + " (" + SERVICES + ")");
        }
        return service;
    }
}
