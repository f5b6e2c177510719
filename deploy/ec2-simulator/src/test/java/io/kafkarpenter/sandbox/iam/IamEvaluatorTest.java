package io.kafkarpenter.sandbox.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkarpenter.sandbox.iam.Decision.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IamEvaluatorTest {
    private static final String INSTANCE = "arn:aws:ec2:us-east-1:123456789012:instance/i-0abc";

    private static IamPolicy policy(String statements) {
        return IamPolicy.parse("test", "test.json", "{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}", Map.of());
    }

    private static String allow(String sid, String action, String resource, String condition) {
        return "{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Action\":" + action + ",\"Resource\":" + resource
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    private static AuthorizationRequest request(String action, String resource, String... keyValues) {
        Map<String, List<String>> context = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            context.computeIfAbsent(keyValues[i], k -> new java.util.ArrayList<>()).add(keyValues[i + 1]);
        }
        return new AuthorizationRequest(action, resource, context);
    }

    private static Outcome decide(IamPolicy policy, AuthorizationRequest request) {
        return IamEvaluator.decide(policy, request).outcome();
    }

    /** One condition on ec2:TerminateInstances of any instance. */
    private static boolean holds(String condition, String... keyValues) {
        IamPolicy p = policy(allow("Only", "\"ec2:TerminateInstances\"", "\"*\"", condition));
        return IamEvaluator.decide(p, request("ec2:TerminateInstances", INSTANCE, keyValues)).allowed();
    }

    @Test
    void nothingMatchingIsAnImplicitDeny() {
        IamPolicy p = policy(allow("Describe", "\"ec2:Describe*\"", "\"*\"", null));
        assertThat(IamEvaluator.decide(p, request("ec2:TerminateInstances", INSTANCE)))
                .isEqualTo(new Decision(Outcome.IMPLICIT_DENY, List.of()));
    }

    @Test
    void anAllowNamesEveryMatchingStatement() {
        IamPolicy p = policy(allow("All", "\"*\"", "\"*\"", null) + "," + allow("Ec2", "\"ec2:*\"", "\"*\"", null)
                + "," + allow("Iam", "\"iam:*\"", "\"*\"", null));
        assertThat(IamEvaluator.decide(p, request("ec2:CreateFleet", "*")))
                .isEqualTo(new Decision(Outcome.ALLOW, List.of("All", "Ec2")));
    }

    @Test
    void actionWildcardsAreCaseInsensitiveAndQuestionMarkIsOneCharacter() {
        IamPolicy p = policy(allow("Describe", "[\"EC2:describe*\", \"iam:GetRol?\"]", "\"*\"", null));
        assertThat(decide(p, request("ec2:DescribeInstances", "*"))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(p, request("iam:GetRole", "*"))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(p, request("iam:GetRoles", "*"))).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(decide(p, request("ec2:CreateFleet", "*"))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void resourceWildcardsAreCaseSensitiveAndCrossSeparators() {
        IamPolicy p = policy(allow("Instances", "\"ec2:TerminateInstances\"", "\"arn:aws:ec2:us-east-1:*:instance/*\"", null));
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE.toUpperCase()))).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(decide(p, request("ec2:TerminateInstances", "arn:aws:ec2:us-east-1:123456789012:volume/vol-1")))
                .isEqualTo(Outcome.IMPLICIT_DENY);
        IamPolicy profiles = policy(allow("Profiles", "\"iam:GetInstanceProfile\"", "\"arn:aws:iam::123456789012:instance-profile/*\"", null));
        assertThat(decide(profiles, request("iam:GetInstanceProfile",
                "arn:aws:iam::123456789012:instance-profile/karpenter/us-east-1/c/p_1"))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void aRequestOnResourceStarNeedsResourceStar() {
        IamPolicy scoped = policy(allow("Scoped", "\"ec2:DescribeInstances\"", "\"arn:aws:ec2:*:*:instance/*\"", null));
        assertThat(decide(scoped, request("ec2:DescribeInstances", "*"))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void notActionAllowsEverythingElseAndDeniesNothing() {
        IamPolicy p = policy("{\"Sid\":\"AllButTerminate\",\"Effect\":\"Allow\",\"NotAction\":\"ec2:Terminate*\",\"Resource\":\"*\"}");
        assertThat(decide(p, request("ec2:CreateTags", INSTANCE))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void notResourceMatchesEveryOtherArn() {
        IamPolicy p = policy("{\"Sid\":\"NotVolumes\",\"Effect\":\"Allow\",\"Action\":\"ec2:*\","
                + "\"NotResource\":[\"arn:aws:ec2:*:*:volume/*\"]}");
        assertThat(decide(p, request("ec2:CreateTags", INSTANCE))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(p, request("ec2:CreateTags", "arn:aws:ec2:us-east-1:1:volume/vol-1"))).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void anExplicitDenyBeatsAnyAllow() {
        IamPolicy p = policy(allow("Everything", "\"*\"", "\"*\"", null) + ","
                + "{\"Sid\":\"NoTerminate\",\"Effect\":\"Deny\",\"Action\":\"ec2:TerminateInstances\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"aws:ResourceTag/team\":\"nodes\"}}}");
        assertThat(IamEvaluator.decide(p, request("ec2:TerminateInstances", INSTANCE, "aws:ResourceTag/team", "db")))
                .isEqualTo(new Decision(Outcome.EXPLICIT_DENY, List.of("NoTerminate")));
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE, "aws:ResourceTag/team", "nodes"))).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void stringEqualsIsExactCaseSensitiveAndFalseWhenMissing() {
        String c = "{\"StringEquals\":{\"aws:ResourceTag/kubernetes.io/cluster/c\":\"owned\"}}";
        assertThat(holds(c, "aws:ResourceTag/kubernetes.io/cluster/c", "owned")).isTrue();
        assertThat(holds(c, "aws:ResourceTag/kubernetes.io/cluster/c", "Owned")).isFalse();
        assertThat(holds(c, "aws:ResourceTag/kubernetes.io/cluster/c", "owned-not")).isFalse();
        assertThat(holds(c)).isFalse();
    }

    @Test
    void keyNamesAreCaseInsensitiveIncludingTheTagKey() {
        String c = "{\"StringEquals\":{\"AWS:RequestTag/Karpenter.SH/NodePool\":\"default\"}}";
        assertThat(holds(c, "aws:requesttag/karpenter.sh/nodepool", "default")).isTrue();
    }

    @Test
    void severalValuesOfOneKeyAreOredAndSeveralKeysAnded() {
        String c = "{\"StringEquals\":{\"iam:PassedToService\":[\"ec2.amazonaws.com\",\"ec2.amazonaws.com.cn\"],"
                + "\"aws:RequestedRegion\":\"us-east-1\"}}";
        assertThat(holds(c, "iam:PassedToService", "ec2.amazonaws.com.cn", "aws:RequestedRegion", "us-east-1")).isTrue();
        assertThat(holds(c, "iam:PassedToService", "ec2.amazonaws.com", "aws:RequestedRegion", "eu-west-1")).isFalse();
        assertThat(holds(c, "iam:PassedToService", "eks.amazonaws.com", "aws:RequestedRegion", "us-east-1")).isFalse();
    }

    @Test
    void operatorsOfOneStatementAreAnded() {
        String c = "{\"StringEquals\":{\"aws:ResourceTag/a\":\"1\"},\"StringLike\":{\"aws:ResourceTag/b\":\"*\"}}";
        assertThat(holds(c, "aws:ResourceTag/a", "1", "aws:ResourceTag/b", "x")).isTrue();
        assertThat(holds(c, "aws:ResourceTag/a", "1")).isFalse();
    }

    @Test
    void stringNotEqualsMatchesNoneAndIsTrueWhenMissing() {
        String c = "{\"StringNotEquals\":{\"aws:ResourceTag/env\":[\"prod\",\"staging\"]}}";
        assertThat(holds(c, "aws:ResourceTag/env", "dev")).isTrue();
        assertThat(holds(c, "aws:ResourceTag/env", "staging")).isFalse();
        assertThat(holds(c)).isTrue();
    }

    @Test
    void stringLikeGlobsAreCaseSensitiveAndFalseWhenMissing() {
        String c = "{\"StringLike\":{\"aws:ResourceTag/karpenter.sh/nodepool\":\"*\"}}";
        assertThat(holds(c, "aws:ResourceTag/karpenter.sh/nodepool", "default")).isTrue();
        assertThat(holds(c, "aws:ResourceTag/karpenter.sh/nodepool", "")).isTrue();
        assertThat(holds(c)).isFalse();
        String prefix = "{\"StringLike\":{\"aws:RequestTag/Name\":\"node-?-*\"}}";
        assertThat(holds(prefix, "aws:RequestTag/Name", "node-a-xyz")).isTrue();
        assertThat(holds(prefix, "aws:RequestTag/Name", "Node-a-xyz")).isFalse();
        assertThat(holds(prefix, "aws:RequestTag/Name", "node-ab-xyz")).isFalse();
    }

    @Test
    void stringNotLikeMatchesNoneAndIsTrueWhenMissing() {
        String c = "{\"StringNotLike\":{\"aws:RequestTag/Name\":[\"kube-*\",\"eks-*\"]}}";
        assertThat(holds(c, "aws:RequestTag/Name", "node-1")).isTrue();
        assertThat(holds(c, "aws:RequestTag/Name", "eks-1")).isFalse();
        assertThat(holds(c)).isTrue();
    }

    @Test
    void ignoreCaseOperatorsFoldValues() {
        assertThat(holds("{\"StringEqualsIgnoreCase\":{\"aws:ResourceTag/env\":\"PROD\"}}", "aws:ResourceTag/env", "prod")).isTrue();
        assertThat(holds("{\"StringNotEqualsIgnoreCase\":{\"aws:ResourceTag/env\":\"PROD\"}}", "aws:ResourceTag/env", "prod")).isFalse();
    }

    @Test
    void ifExistsIsTrueWhenMissingAndTheOperatorOtherwise() {
        String c = "{\"StringEqualsIfExists\":{\"aws:RequestTag/eks:eks-cluster-name\":\"c\"}}";
        assertThat(holds(c)).isTrue();
        assertThat(holds(c, "aws:RequestTag/eks:eks-cluster-name", "c")).isTrue();
        assertThat(holds(c, "aws:RequestTag/eks:eks-cluster-name", "other")).isFalse();
        assertThat(holds("{\"StringLikeIfExists\":{\"aws:RequestTag/x\":\"a*\"}}", "aws:RequestTag/x", "b")).isFalse();
        assertThat(holds("{\"StringNotEqualsIfExists\":{\"aws:RequestTag/x\":\"a\"}}", "aws:RequestTag/x", "a")).isFalse();
    }

    @Test
    void nullTestsPresence() {
        String absent = "{\"Null\":{\"ec2:CreateAction\":\"true\"}}";
        assertThat(holds(absent)).isTrue();
        assertThat(holds(absent, "ec2:CreateAction", "CreateFleet")).isFalse();
        String present = "{\"Null\":{\"aws:TagKeys\":\"false\"}}";
        assertThat(holds(present, "aws:TagKeys", "Name")).isTrue();
        assertThat(holds(present)).isFalse();
    }

    @Test
    void forAllValuesIsASubsetTestAndTrueForNoValues() {
        String c = "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"Name\",\"karpenter.sh/nodeclaim\",\"eks:eks-cluster-name\"]}}";
        assertThat(holds(c, "aws:TagKeys", "Name", "aws:TagKeys", "karpenter.sh/nodeclaim")).isTrue();
        assertThat(holds(c, "aws:TagKeys", "Name", "aws:TagKeys", "karpenter.sh/nodepool")).isFalse();
        assertThat(holds(c)).as("an empty set is a subset of anything").isTrue();
        assertThat(holds(c, "aws:TagKeys", "name")).as("values are case-sensitive").isFalse();
        String guarded = "{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"Name\"]},\"Null\":{\"aws:TagKeys\":\"false\"}}";
        assertThat(holds(guarded)).isFalse();
    }

    @Test
    void forAnyValueNeedsOneMatchingValueAndIsFalseForNoValues() {
        String c = "{\"ForAnyValue:StringLike\":{\"aws:TagKeys\":[\"karpenter.sh/*\"]}}";
        assertThat(holds(c, "aws:TagKeys", "Name", "aws:TagKeys", "karpenter.sh/nodepool")).isTrue();
        assertThat(holds(c, "aws:TagKeys", "Name")).isFalse();
        assertThat(holds(c)).isFalse();
    }

    @Test
    void forAllValuesWithANegatedOperatorWantsEveryValueOutsideTheList() {
        String c = "{\"ForAllValues:StringNotLike\":{\"aws:TagKeys\":[\"kubernetes.io/*\"]}}";
        assertThat(holds(c, "aws:TagKeys", "Name", "aws:TagKeys", "team")).isTrue();
        assertThat(holds(c, "aws:TagKeys", "Name", "aws:TagKeys", "kubernetes.io/cluster/c")).isFalse();
    }

    @Test
    void aPlainOperatorOnAMultiValuedKeyActsLikeForAnyValue() {
        assertThat(holds("{\"StringEquals\":{\"aws:TagKeys\":\"Name\"}}", "aws:TagKeys", "team", "aws:TagKeys", "Name")).isTrue();
        assertThat(holds("{\"StringNotEquals\":{\"aws:TagKeys\":\"Name\"}}", "aws:TagKeys", "team", "aws:TagKeys", "Name")).isFalse();
    }

    @Test
    void karpentersScopedDeletionStatement() {
        IamPolicy p = policy(allow("AllowScopedDeletion", "[\"ec2:TerminateInstances\",\"ec2:DeleteLaunchTemplate\"]",
                "[\"arn:aws:ec2:us-east-1:*:instance/*\",\"arn:aws:ec2:us-east-1:*:launch-template/*\"]",
                "{\"StringEquals\":{\"aws:ResourceTag/kubernetes.io/cluster/c\":\"owned\"},"
                        + "\"StringLike\":{\"aws:ResourceTag/karpenter.sh/nodepool\":\"*\"}}"));
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE, "aws:ResourceTag/kubernetes.io/cluster/c", "owned",
                "aws:ResourceTag/karpenter.sh/nodepool", "default"))).isEqualTo(Outcome.ALLOW);
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE, "aws:ResourceTag/kubernetes.io/cluster/c", "owned")))
                .isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(decide(p, request("ec2:TerminateInstances", INSTANCE, "aws:ResourceTag/karpenter.sh/nodepool", "default")))
                .isEqualTo(Outcome.IMPLICIT_DENY);
    }
}
