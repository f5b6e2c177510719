package io.kafkarpenter.viewer.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;

class DecisionFeedTest {

    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    static DecisionRecord pass(String id, Instant at, PodOutcome... outcomes) {
        return new DecisionRecord(id, null, "provisioner", DecisionKind.PROVISIONING, List.of(Subject.nodePool("default")),
            Reason.NODEPOOL_LIMIT_REACHED, "NodePool default: cpu limit 10 reached", List.of(outcomes), at);
    }

    static PodOutcome pending(String name) {
        return new PodOutcome(new PodRef("default", name, "uid-" + name), Reason.NODEPOOL_LIMIT_REACHED,
            "NodePool default: cpu limit 10 reached", null);
    }

    static PodOutcome placed(String name, String claim) {
        return new PodOutcome(new PodRef("default", name, "uid-" + name), Reason.SCHEDULED_NEW_NODECLAIM,
            "new NodeClaim " + claim + " from NodePool default", claim);
    }

    @Test
    void aDecisionBecomesAViewWithItsSubjectsAndPods() {
        DecisionView view = DecisionView.of(7, pass("pass-1", T0, pending("inflate-a"), placed("inflate-b", "default-x1")));

        assertThat(view.seq()).isEqualTo(7);
        assertThat(view.kind()).isEqualTo("PROVISIONING");
        assertThat(view.reason()).isEqualTo(Reason.NODEPOOL_LIMIT_REACHED.code());
        assertThat(view.category()).isEqualTo("UNSCHEDULABLE");
        assertThat(view.subjects()).containsExactly("NodePool default");
        assertThat(view.pods()).extracting(DecisionView.PodLine::pod, DecisionView.PodLine::category,
                DecisionView.PodLine::target)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("default/inflate-a", "UNSCHEDULABLE", null),
                org.assertj.core.groups.Tuple.tuple("default/inflate-b", "SCHEDULED", "default-x1"));
        assertThat(view.morePods()).isZero();
    }

    @Test
    void aBigPassListsTwentyPodsAndCountsTheRest() {
        PodOutcome[] outcomes = IntStream.range(0, 25).mapToObj(i -> pending("p" + i)).toArray(PodOutcome[]::new);

        DecisionView view = DecisionView.of(1, pass("pass-1", T0, outcomes));

        assertThat(view.pods()).hasSize(DecisionView.MAX_PODS);
        assertThat(view.morePods()).isEqualTo(5);
    }

    @Test
    void theFeedReadsJsonKeepsTheLatestNewestFirstAndSkipsWhatItCannotRead() {
        DecisionFeed feed = new DecisionFeed();
        List<DecisionView> streamed = new ArrayList<>();
        feed.stream().subscribe().with(streamed::add);

        feed.onRecord(EventJson.toBytes(pass("pass-1", T0, pending("a"))));
        feed.onRecord("{not json".getBytes(StandardCharsets.UTF_8));
        feed.onRecord(null);
        feed.onRecord(EventJson.toBytes(pass("pass-2", T0.plusSeconds(1), placed("a", "default-x1"))));

        assertThat(feed.latest(10)).extracting(DecisionView::schedulingId).containsExactly("pass-2", "pass-1");
        assertThat(feed.latest(1)).extracting(DecisionView::seq).containsExactly(2L);
        assertThat(streamed).extracting(DecisionView::schedulingId).containsExactly("pass-1", "pass-2");
        assertThat(feed.podReasons().get("default/a").reason()).isEqualTo(Reason.SCHEDULED_NEW_NODECLAIM.code());
    }

    @Test
    void theFeedKeepsAtMostItsBound() {
        DecisionFeed feed = new DecisionFeed();
        for (int i = 0; i < DecisionFeed.KEEP + 10; i++) {
            feed.add(pass("pass-" + i, T0.plusSeconds(i)));
        }
        assertThat(feed.latest(1000)).hasSize(DecisionFeed.KEEP).first()
            .extracting(DecisionView::schedulingId).isEqualTo("pass-" + (DecisionFeed.KEEP + 9));
    }

    @Test
    void aPodsLatestOutcomeWinsEvenWhenAnOlderDecisionArrivesLater() {
        PodReasons reasons = new PodReasons();
        reasons.record(pass("pass-2", T0.plusSeconds(5), placed("a", "default-x1")));
        reasons.record(pass("pass-1", T0, pending("a")));

        assertThat(reasons.snapshot().get("default/a"))
            .extracting(PodReasons.Latest::category, PodReasons.Latest::target, PodReasons.Latest::service)
            .containsExactly("SCHEDULED", "default-x1", "provisioner");
    }
}
