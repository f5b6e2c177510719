package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.sandbox.iam.IamPolicy;
import io.kafkarpenter.sandbox.iam.IamUsage;
import io.kafkarpenter.sandbox.iam.StatementRef;
import io.kafkarpenter.sandbox.usage.UsageSuites;

/**
 * Least privilege at the AWS boundary, proven: every statement of deploy/iam (each service's policy, keyed by its Sid)
 * allowed some call of the build's tests — the services' ITs and the e2e suite, all run against an EC2 simulator
 * enforcing those policies with each service signing as {@code kafkarpenter-<service>}. A statement nothing used is a
 * permission the services do not need: remove it from deploy/iam/&lt;service&gt;.json and cloudformation.yaml (or, if
 * production truly needs it, add the test that exercises it).
 *
 * <p>Runs last in {@code ./mvnw verify}, with {@link RbacCoverageIT} (deploy/e2e's second failsafe execution). Skipped,
 * saying why, when the usage directory lacks a complete run of some suite ({@link UsageSuites#IAM}; e.g.
 * {@code -pl deploy/e2e}, or a filtered {@code -Dit.test=...} run).
 */
class IamCoverageIT {

    static final List<String> POLICIES = List.of("provisioner", "launcher", "consolidator", "tag-reconciler");

    @Test
    void everyStatementOfTheIamPoliciesWasUsedByTheServicesInTheBuildsTests() {
        Optional<Path> configured = UsageSuites.IAM.configuredDir();
        assumeTrue(configured.isPresent(), "no IAM usage directory (-D" + UsageSuites.IAM.dirProperty()
            + "; the build sets it): nothing to check");
        Path usage = configured.get();
        List<String> missing = UsageSuites.IAM.missing(usage);
        String notChecked = "IAM coverage not checked: " + usage + " holds no complete run of " + missing
            + " (run the whole build, ./mvnw verify, to check it)";
        if (!missing.isEmpty()) {
            System.out.println(notChecked); // the build log shows only "Skipped: 1"
        }
        assumeTrue(missing.isEmpty(), notChecked);

        Set<StatementRef> statements = new TreeSet<>();
        for (String service : POLICIES) {
            statements.addAll(policy(service).statementRefs());
        }
        Set<StatementRef> unused = new TreeSet<>(statements);
        for (Path run : UsageSuites.IAM.completeRuns(usage)) {
            unused.removeAll(IamUsage.read(run));
        }

        assertThat(statements).as("deploy/iam has statements").hasSizeGreaterThan(POLICIES.size());
        assertThat(unused).as("statements of deploy/iam no test of the build used (suites " + UsageSuites.IAM.suites()
            + ", usage in " + usage + "):\n" + unused.stream().map(s -> "  " + s).collect(Collectors.joining("\n"))
            + "\nremove them from deploy/iam (the .json and cloudformation.yaml), or add a test that exercises them")
            .isEmpty();
    }

    /** deploy/iam/{@code service}.json, its variables filled with placeholders (only the Sids matter here). */
    static IamPolicy policy(String service) {
        return policy(service, "coverage");
    }

    /** deploy/iam/{@code service}.json for cluster {@code clusterName} in us-east-1 of account 123456789012. */
    static IamPolicy policy(String service, String clusterName) {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        return IamPolicy.read(home.resolve("deploy/iam").resolve(service + ".json"), Map.of("AWS::Partition", "aws",
            "AWS::Region", "us-east-1", "AWS::AccountId", "123456789012", "ClusterName", clusterName));
    }
}
