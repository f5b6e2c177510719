package io.kafkarpenter.sandbox.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamPolicyTest {
    private static final Map<String, String> VARIABLES = Map.of("AWS::Partition", "aws", "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012", "ClusterName", "demo");

    private static IamPolicy parse(String json) {
        return IamPolicy.parse("p", "p.json", json, VARIABLES);
    }

    private static String doc(String statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}";
    }

    @Test
    void aFileIsReadWithVariablesSubstitutedAndNamedAfterTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("launcher.json");
        Files.writeString(file, """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "AllowScopedDeletion",
                      "Effect": "Allow",
                      "Action": ["ec2:TerminateInstances"],
                      "Resource": "arn:${AWS::Partition}:ec2:${AWS::Region}:*:instance/*",
                      "Condition": {
                        "StringEquals": {"aws:ResourceTag/kubernetes.io/cluster/${ClusterName}": "owned"},
                        "StringLike": {"aws:ResourceTag/karpenter.sh/nodepool": "*"}
                      }
                    },
                    {
                      "Sid": "Describe",
                      "Effect": "Deny",
                      "NotAction": "ec2:Describe*",
                      "NotResource": ["arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:instance/*"]
                    }
                  ]
                }
                """);

        IamPolicy policy = IamPolicy.read(file, VARIABLES);

        assertThat(policy.name()).isEqualTo("launcher");
        assertThat(policy.statementRefs()).containsExactly(new StatementRef("launcher", "AllowScopedDeletion"),
                new StatementRef("launcher", "Describe"));
        IamPolicy.Statement first = policy.statements().get(0);
        assertThat(first.effect()).isEqualTo(IamPolicy.Effect.ALLOW);
        assertThat(first.actions()).containsExactly("ec2:TerminateInstances");
        assertThat(first.resources()).containsExactly("arn:aws:ec2:us-east-1:*:instance/*");
        assertThat(first.conditions()).containsExactly(
                new IamPolicy.Condition("StringEquals", "aws:ResourceTag/kubernetes.io/cluster/demo", List.of("owned")),
                new IamPolicy.Condition("StringLike", "aws:ResourceTag/karpenter.sh/nodepool", List.of("*")));
        IamPolicy.Statement second = policy.statements().get(1);
        assertThat(second.effect()).isEqualTo(IamPolicy.Effect.DENY);
        assertThat(second.notAction()).isTrue();
        assertThat(second.notResource()).isTrue();
        assertThat(second.resources()).containsExactly("arn:aws:ec2:us-east-1:123456789012:instance/*");
    }

    @Test
    void aSingleStatementObjectIsAccepted() {
        IamPolicy p = parse(doc("{\"Sid\":\"One\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"));
        assertThat(p.statements()).extracting(IamPolicy.Statement::sid).containsExactly("One");
    }

    @Test
    void extraVariablesComeFromTheMap() {
        IamPolicy p = IamPolicy.parse("p", "p.json", doc("{\"Sid\":\"One\",\"Effect\":\"Allow\",\"Action\":\"iam:PassRole\","
                + "\"Resource\":\"arn:aws:iam::1:role/${NodeRole}\"}"), Map.of("NodeRole", "KarpenterNodeRole-demo"));
        assertThat(p.statements().get(0).resources()).containsExactly("arn:aws:iam::1:role/KarpenterNodeRole-demo");
    }

    @Test
    void anUnknownVariableIsAnErrorNamingItAndTheLine() {
        assertThatThrownBy(() -> parse("{\"Version\":\"2012-10-17\",\n\"Statement\":{\"Sid\":\"A\",\"Effect\":\"Allow\","
                + "\"Action\":\"*\",\"Resource\":\"arn:aws:iam::${Account}:role/x\"}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p.json").hasMessageContaining("${Account}").hasMessageContaining("line 2");
    }

    @Test
    void everyStatementNeedsASid() {
        assertThatThrownBy(() -> parse(doc("[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]")))
                .hasMessageContaining("p.json").hasMessageContaining("statement #2 has no Sid");
    }

    @Test
    void sidsAreUniqueLettersAndDigits() {
        assertThatThrownBy(() -> parse(doc("[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"A\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]")))
                .hasMessageContaining("statement A").hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> parse(doc("{\"Sid\":\"Not ok\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}")))
                .hasMessageContaining("statement Not ok").hasMessageContaining("letters and digits");
    }

    @Test
    void anUnknownConditionOperatorNamesTheFileAndTheSid() {
        assertThatThrownBy(() -> parse(doc("{\"Sid\":\"Tagging\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2020-01-01T00:00:00Z\"}}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("IAM policy p.json, statement Tagging: unsupported condition operator 'DateGreaterThan'");
        assertThatThrownBy(() -> parse(doc("{\"Sid\":\"N\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"NullIfExists\":{\"aws:TagKeys\":\"true\"}}}")))
                .hasMessageContaining("statement N: unsupported condition operator 'NullIfExists'");
        assertThatThrownBy(() -> parse(doc("{\"Sid\":\"N\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"Null\":{\"aws:TagKeys\":\"maybe\"}}}")))
                .hasMessageContaining("statement N: Null aws:TagKeys must be \"true\" or \"false\"");
    }

    @Test
    void malformedStatementsAreRejectedWithTheReason() {
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Permit\",\"Action\":\"*\",\"Resource\":\"*\"}"))
                .contains("statement S: Effect must be");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"*\",\"Resource\":\"*\"}"))
                .contains("statement S: exactly one of Action and NotAction");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"*\"}"))
                .contains("statement S: exactly one of Resource and NotResource");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}"))
                .contains("statement S: Action must be a string or a non-empty list");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"TerminateInstances\",\"Resource\":\"*\"}"))
                .contains("statement S: action 'TerminateInstances' is not service:Name");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"i-123\"}"))
                .contains("statement S: resource 'i-123' is neither * nor an ARN");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}"))
                .contains("statement S: unsupported element 'Principal'");
        assertThat(errorOf("{\"Sid\":\"S\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":[]}"))
                .contains("statement S: Condition must be an object");
    }

    @Test
    void malformedDocumentsAreRejected() {
        assertThatThrownBy(() -> parse("{\"Version\":\"2012-10-17\",\"Statement\":[")).hasMessageContaining("p.json: not valid JSON");
        assertThatThrownBy(() -> parse("{\"Version\":\"2008-10-17\",\"Statement\":{\"Sid\":\"A\",\"Effect\":\"Allow\","
                + "\"Action\":\"*\",\"Resource\":\"*\"}}")).hasMessageContaining("Version must be \"2012-10-17\"");
        assertThatThrownBy(() -> parse(doc("[]"))).hasMessageContaining("Statement must be");
        assertThatThrownBy(() -> parse("{\"Version\":\"2012-10-17\",\"Statements\":[]}")).hasMessageContaining("unknown top-level element 'Statements'");
        assertThatThrownBy(() -> parse(doc("{\"Sid\":\"A\",\"Sid\":\"B\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}")))
                .hasMessageContaining("not valid JSON").hasMessageContaining("Duplicate field 'Sid'");
    }

    @Test
    void aMissingFileIsAnErrorNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> IamPolicy.read(dir.resolve("nope.json"), VARIABLES)).hasMessageContaining("nope.json");
    }

    private static String errorOf(String statement) {
        try {
            parse(doc(statement));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + statement);
    }
}
