package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.chart.IamTemplateTest.Intrinsic;
import io.kafkarpenter.model.interruption.InterruptionParser;
import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import io.kafkarpenter.sandbox.iam.Decision;
import io.kafkarpenter.sandbox.iam.IamEvaluator;
import io.kafkarpenter.sandbox.iam.IamPolicy;

/**
 * deploy/iam/cloudformation.yaml's interruption queue, as Karpenter's getting-started template has it: an SQS queue
 * named after the cluster (5 minutes' retention, SQS-managed encryption) that only EventBridge (and SQS) may send to
 * and nobody may use over plain HTTP, fed by one EventBridge rule per event kind the launcher's parser knows.
 */
class InterruptionQueueTemplateTest {

    private static final Intrinsic QUEUE_ARN = new Intrinsic("GetAtt", "InterruptionQueue.Arn");
    private static Map<String, Object> template;
    private static Map<String, Object> resources;
    private static Map<String, Object> outputs;

    @BeforeAll
    static void load() throws IOException {
        template = IamTemplateTest.parse(
            Files.readString(IamTemplateTest.iamDir().resolve("cloudformation.yaml")));
        resources = cast(template.get("Resources"));
        outputs = cast(template.get("Outputs"));
    }

    @Test
    void theQueueIsNamedAfterTheClusterKeepsMessagesFiveMinutesAndIsEncrypted() {
        Map<String, Object> queue = cast(resources.get("InterruptionQueue"));
        assertThat(queue.get("Type")).isEqualTo("AWS::SQS::Queue");
        assertThat(cast(queue.get("Properties"))).containsExactlyInAnyOrderEntriesOf(Map.of(
            "QueueName", new Intrinsic("Sub", "${ClusterName}"),
            "MessageRetentionPeriod", 300,
            "SqsManagedSseEnabled", true));
    }

    @Test
    void onlyEventBridgeAndSqsMaySendAndNothingGoesOverPlainHttp() {
        List<Map<String, Object>> policies = ofType("AWS::SQS::QueuePolicy");
        assertThat(policies).hasSize(1);
        Map<String, Object> properties = cast(policies.get(0).get("Properties"));
        assertThat(properties.get("Queues")).isEqualTo(List.of(new Intrinsic("Ref", "InterruptionQueue")));
        List<Map<String, Object>> statements = castList(cast(properties.get("PolicyDocument")).get("Statement"));
        assertThat(statements).hasSize(2);

        assertThat(statements).filteredOn(s -> "Allow".equals(s.get("Effect"))).singleElement().satisfies(allow -> {
            assertThat(allow.get("Action")).isEqualTo("sqs:SendMessage");
            assertThat(allow.get("Resource")).isEqualTo(QUEUE_ARN);
            assertThat(allow.get("Principal"))
                .isEqualTo(Map.of("Service", List.of("events.amazonaws.com", "sqs.amazonaws.com")));
            assertThat(allow).doesNotContainKey("Condition");
        });
        assertThat(statements).filteredOn(s -> "Deny".equals(s.get("Effect"))).singleElement().satisfies(deny -> {
            assertThat(deny.get("Sid")).isEqualTo("DenyHTTP");
            assertThat(deny.get("Action")).isEqualTo("sqs:*");
            assertThat(deny.get("Resource")).isEqualTo(QUEUE_ARN);
            assertThat(deny.get("Principal")).isEqualTo("*");
            assertThat(deny.get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", false)));
        });
    }

    @Test
    void oneRulePerEventKindTheParserKnowsEachTargetingTheQueue() {
        List<Map<String, Object>> rules = ofType("AWS::Events::Rule");
        Set<String> patterns = rules.stream().map(rule -> {
            Map<String, Object> properties = cast(rule.get("Properties"));
            assertThat(castList(properties.get("Targets"))).singleElement()
                .satisfies(target -> assertThat(target.get("Arn")).isEqualTo(QUEUE_ARN));
            Map<String, Object> pattern = cast(properties.get("EventPattern"));
            assertThat(pattern).containsOnlyKeys("source", "detail-type");
            List<?> sources = (List<?>) pattern.get("source");
            List<?> detailTypes = (List<?>) pattern.get("detail-type");
            assertThat(sources).hasSize(1);
            assertThat(detailTypes).hasSize(1);
            return sources.get(0) + " / " + detailTypes.get(0);
        }).collect(Collectors.toSet());

        assertThat(rules).hasSize(5);
        assertThat(patterns).containsExactlyInAnyOrder(
            InterruptionParser.SOURCE_HEALTH + " / " + InterruptionParser.HEALTH_EVENT,
            InterruptionParser.SOURCE_EC2 + " / " + InterruptionParser.SPOT_INTERRUPTION,
            InterruptionParser.SOURCE_EC2 + " / " + InterruptionParser.REBALANCE_RECOMMENDATION,
            InterruptionParser.SOURCE_EC2 + " / " + InterruptionParser.STATE_CHANGE,
            InterruptionParser.SOURCE_EC2 + " / " + InterruptionParser.CAPACITY_RESERVATION_INTERRUPTION);
    }

    @Test
    void outputsTheQueuesNameAndArn() {
        assertThat(cast(outputs.get("InterruptionQueueName")).get("Value"))
            .isEqualTo(new Intrinsic("GetAtt", "InterruptionQueue.QueueName"));
        assertThat(cast(outputs.get("InterruptionQueueArn")).get("Value")).isEqualTo(QUEUE_ARN);
    }

    @Test
    void queueAndRulesAreCreatedByDefaultAndLeftOutWhereKarpentersStackHasThem() {
        Map<String, Object> parameter = cast(cast(template.get("Parameters")).get("CreateInterruptionQueue"));
        assertThat(parameter.get("Default")).isEqualTo("true");
        assertThat(parameter.get("AllowedValues")).isEqualTo(List.of("true", "false"));
        assertThat(cast(template.get("Conditions")).get("WithInterruptionQueue"))
            .isEqualTo(Map.of("Fn::Equals", List.of(new Intrinsic("Ref", "CreateInterruptionQueue"), "true")));

        List<Map<String, Object>> queueResources = resources.values().stream().map(InterruptionQueueTemplateTest::cast)
            .filter(r -> List.of("AWS::SQS::Queue", "AWS::SQS::QueuePolicy", "AWS::Events::Rule").contains(r.get("Type")))
            .toList();
        assertThat(queueResources).hasSize(1 + 1 + 5)
            .allSatisfy(r -> assertThat(r.get("Condition")).isEqualTo("WithInterruptionQueue"));
        assertThat(resources.values()).map(InterruptionQueueTemplateTest::cast)
            .filteredOn(r -> "AWS::IAM::Role".equals(r.get("Type")))
            .as("the roles do not depend on it").allSatisfy(r -> assertThat(r).doesNotContainKey("Condition"));
        for (String output : List.of("InterruptionQueueName", "InterruptionQueueArn")) {
            assertThat(cast(outputs.get(output)).get("Condition")).as(output).isEqualTo("WithInterruptionQueue");
        }
    }

    @Test
    void onlyTheLaunchersPolicyReadsTheQueueAndNoPolicySendsToIt() throws IOException {
        // the queue's ARN as CloudFormation makes it from the template's QueueName, in an example account
        Map<String, String> variables = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1",
            "AWS::AccountId", "123456789012", "ClusterName", "kk-test");
        Intrinsic queueName = (Intrinsic) cast(cast(resources.get("InterruptionQueue")).get("Properties")).get("QueueName");
        String queue = "arn:aws:sqs:eu-west-1:123456789012:" + IamPolicy.substitute(queueName.argument(), variables, "QueueName");
        List<String> elsewhere = List.of("arn:aws:sqs:eu-west-1:123456789012:other-cluster",
            "arn:aws:sqs:us-east-1:123456789012:kk-test", "arn:aws:sqs:eu-west-1:210987654321:kk-test");
        List<String> reads = List.of("sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage");
        List<String> neverNeeded = List.of("sqs:SendMessage", "sqs:SendMessageBatch", "sqs:PurgeQueue",
            "sqs:SetQueueAttributes", "sqs:DeleteQueue", "sqs:ChangeMessageVisibility");

        for (String service : IamTemplateTest.POLICY_SERVICES) {
            IamPolicy policy = IamPolicy.read(IamTemplateTest.iamDir().resolve(service + ".json"), variables);
            for (String action : reads) {
                assertThat(allowed(policy, action, queue)).as(service + " " + action + " on the queue")
                    .isEqualTo("launcher".equals(service));
                for (String other : elsewhere) {
                    assertThat(allowed(policy, action, other)).as(service + " " + action + " on " + other).isFalse();
                }
            }
            for (String action : neverNeeded) {
                assertThat(allowed(policy, action, queue)).as(service + " " + action).isFalse();
            }
        }
        Decision launcher = IamEvaluator.decide(IamPolicy.read(IamTemplateTest.iamDir().resolve("launcher.json"),
            variables), new AuthorizationRequest("sqs:ReceiveMessage", queue));
        assertThat(launcher.sids()).containsExactly("AllowInterruptionQueueActions");
    }

    private static boolean allowed(IamPolicy policy, String action, String arn) {
        return IamEvaluator.decide(policy, new AuthorizationRequest(action, arn)).allowed();
    }

    private static List<Map<String, Object>> ofType(String type) {
        return resources.values().stream().map(InterruptionQueueTemplateTest::cast)
            .filter(r -> type.equals(r.get("Type"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> castList(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
