package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.chart.KafkaAccessApplier.Change;
import io.kafkarpenter.chart.KafkaAccessApplier.Outcome;
import io.kafkarpenter.model.events.Topics;

/** KafkaAccessApplier on a SCRAM broker: creates what is missing, and a second run finds everything present. */
class KafkaAccessApplierIT {

    @Test
    void applyingTwiceCreatesOnceThenFindsEverythingPresent() throws Exception {
        // an extra topic only this test uses, so the run certainly creates something whatever ran before it
        KafkaAccess access = KafkaAccess.fromChart(Map.of(
            "kafka.topics.list.kk\\.applier-it.partitions", "2",
            "kafka.topics.list.kk\\.applier-it.config.retention\\.ms", "3600000"));
        try (Admin admin = Admin.create(ScramBroker.get().adminProperties())) {
            List<Change> planned = KafkaAccessApplier.apply(admin, access, 1, true);
            assertThat(planned).filteredOn(c -> c.kind().equals("topic") && c.what().startsWith("kk.applier-it "))
                .singleElement().satisfies(c -> {
                    assertThat(c.outcome()).isEqualTo(Outcome.WOULD_CREATE);
                    assertThat(c.toString()).isEqualTo(
                        "topic kk.applier-it (2 partitions, replication 1, retention.ms=3600000): to create");
                });
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("kk.applier-it");

            List<Change> first = KafkaAccessApplier.apply(admin, access, 1);
            assertThat(first).hasSize(planned.size());
            for (int i = 0; i < planned.size(); i++) {
                assertThat(first.get(i).outcome()).as(first.get(i).toString())
                    .isEqualTo(planned.get(i).outcome() == Outcome.WOULD_CREATE ? Outcome.CREATED : Outcome.PRESENT);
            }
            assertThat(first).filteredOn(c -> c.kind().equals("acl")).hasSize(access.aclBindings().size());

            List<Change> second = KafkaAccessApplier.apply(admin, access, 1);
            assertThat(second).hasSize(first.size()).allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Outcome.PRESENT));

            // what the broker now holds
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                .containsAll(access.aclBindings());
            Map<String, TopicDescription> topics = admin.describeTopics(
                access.topics().stream().map(KafkaAccess.Topic::name).toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            for (KafkaAccess.Topic topic : access.topics()) {
                assertThat(topics.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
            }
            ConfigResource pending = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PODS_PENDING);
            Config config = admin.describeConfigs(List.of(pending)).all().get(30, TimeUnit.SECONDS).get(pending);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void scramUsersAreCreatedThenUpdated() throws Exception {
        try (Admin admin = Admin.create(ScramBroker.get().adminProperties())) {
            List<Change> first = KafkaAccessApplier.scramUsers(admin, Map.of("applier-it-user", "one"));
            assertThat(first).extracting(Change::toString).containsExactly("scram-user applier-it-user: created");
            List<Change> second = KafkaAccessApplier.scramUsers(admin, Map.of("applier-it-user", "two"));
            assertThat(second).extracting(Change::toString).containsExactly("scram-user applier-it-user: present");
        }
        // the second password is the one that works
        try (Admin user = Admin.create(ScramBroker.get().clientProperties("applier-it-user", "two"))) {
            assertThat(user.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
