package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.reasons.Reason;

/** The lifetime of a launch decision as the provisioner counts it: until answered or expired, nothing else. */
class InFlightClaimsTest {

    private static final Instant DECIDED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Predicate<String> NO_NODECLAIM = name -> false;

    /** A launch decision of one c6a.xlarge option, valid for the TTL after {@code decided}. */
    static NodeClaimLaunch launch(String name, Instant decided) {
        return new NodeClaimLaunch("d-" + name, name, "default", NodeClassRef.ec2NodeClass("default"),
            List.of(new InstanceTypeOption("c6a.xlarge", List.of(OfferingOption.of("us-east-1a", "on-demand", 0.153)))),
            List.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of("cpu", "3"), "Never", null, List.of(),
            Reason.SCHEDULED_NEW_NODECLAIM, decided, decided.plus(TTL));
    }

    private static NodeClaimStatusChange status(String name, NodeClaimPhase phase, Reason reason, Instant at) {
        return new NodeClaimStatusChange(name, "default", phase, null, null,
            phase == NodeClaimPhase.LAUNCHED ? "c6a.xlarge" : null, phase == NodeClaimPhase.LAUNCHED ? "us-east-1a" : null,
            null, null, "d-" + name, reason, null, at);
    }

    private static List<String> active(InFlightClaims claims, Instant now, Predicate<String> nodeClaimExists) {
        return claims.active(now, GRACE, nodeClaimExists).stream().map(InFlightClaims.Claim::name).toList();
    }

    @Test
    void anUnansweredDecisionCountsForItsWholeLifetimeHoweverLongTheLauncherTakes() {
        InFlightClaims claims = new InFlightClaims();
        claims.launched(launch("a", DECIDED));

        assertThat(active(claims, DECIDED.plusSeconds(31), NO_NODECLAIM)).containsExactly("a");
        assertThat(active(claims, DECIDED.plus(TTL), NO_NODECLAIM)).containsExactly("a");
        assertThat(active(claims, DECIDED.plus(TTL).plus(GRACE).minusMillis(1), NO_NODECLAIM)).containsExactly("a");
        assertThat(claims.unanswered(DECIDED.plusSeconds(90), GRACE, NO_NODECLAIM)).hasSize(1);
    }

    @Test
    void anExpiredUnansweredDecisionIsReleasedAfterTheGraceUnlessItsNodeClaimExists() {
        InFlightClaims claims = new InFlightClaims();
        claims.launched(launch("a", DECIDED));
        Instant after = DECIDED.plus(TTL).plus(GRACE);

        assertThat(active(claims, after, NO_NODECLAIM)).isEmpty();
        assertThat(claims.released("a", after, GRACE, NO_NODECLAIM)).isTrue();
        // the launcher created its NodeClaim in time: it goes on with it, so the decision still counts
        assertThat(active(claims, after, "a"::equals)).containsExactly("a");
        assertThat(claims.released("a", after, GRACE, "a"::equals)).isFalse();
    }

    @Test
    void theLaunchersExpiredAnswerReleasesTheDecisionAtOnce() {
        InFlightClaims claims = new InFlightClaims();
        claims.launched(launch("a", DECIDED));
        claims.status(status("a", NodeClaimPhase.FAILED, Reason.LAUNCH_EXPIRED, DECIDED.plus(TTL).plusSeconds(1)));

        assertThat(active(claims, DECIDED.plus(TTL).plusSeconds(2), NO_NODECLAIM)).isEmpty();
        assertThat(claims.released("a", DECIDED.plus(TTL).plusSeconds(2), GRACE, NO_NODECLAIM)).isTrue();
    }

    @Test
    void aLaunchedClaimCountsUntilItFailsOrTerminatesWhateverItsDecisionsExpiry() {
        InFlightClaims claims = new InFlightClaims();
        claims.launched(launch("a", DECIDED));
        claims.status(status("a", NodeClaimPhase.LAUNCHED, Reason.LAUNCHED, DECIDED.plusSeconds(5)));

        Instant muchLater = DECIDED.plus(TTL).plus(GRACE).plusSeconds(60);
        assertThat(active(claims, muchLater, NO_NODECLAIM)).containsExactly("a");
        assertThat(claims.unanswered(muchLater, GRACE, NO_NODECLAIM)).isEmpty();

        claims.status(status("a", NodeClaimPhase.TERMINATED, Reason.EMPTY, muchLater));
        assertThat(active(claims, muchLater, NO_NODECLAIM)).isEmpty();
    }

    @Test
    void theOldestUnansweredDecisionComesFirst() {
        InFlightClaims claims = new InFlightClaims();
        claims.launched(launch("newer", DECIDED.plusSeconds(20)));
        claims.launched(launch("older", DECIDED));
        claims.launched(launch("answered", DECIDED.minusSeconds(10)));
        claims.status(status("answered", NodeClaimPhase.LAUNCHED, Reason.LAUNCHED, DECIDED));

        Instant now = DECIDED.plusSeconds(30);
        assertThat(claims.unanswered(now, GRACE, NO_NODECLAIM)).extracting(InFlightClaims.Claim::name)
            .containsExactly("older", "newer");
        assertThat(claims.oldestUnanswered(now, GRACE, NO_NODECLAIM)).hasValueSatisfying(c -> {
            assertThat(c.name()).isEqualTo("older");
            assertThat(c.age(now)).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void aRecordWithoutExpiresAtFromAnOlderProducerGetsTheDefaultLifetime() {
        NodeClaimLaunch old = new NodeClaimLaunch("d", "n", "default", NodeClassRef.ec2NodeClass("default"), List.of(),
            List.of(), Map.of(), Map.of(), List.of(), List.of(), Map.of(), null, null, List.of(),
            Reason.SCHEDULED_NEW_NODECLAIM, DECIDED, null);

        assertThat(old.expiresAt()).isEqualTo(DECIDED.plus(NodeClaimLaunch.DEFAULT_TTL));
        assertThat(old.expiredAt(DECIDED.plus(NodeClaimLaunch.DEFAULT_TTL))).isTrue();
        assertThat(old.expiredAt(DECIDED.plus(NodeClaimLaunch.DEFAULT_TTL).minusMillis(1))).isFalse();
    }

    @Test
    void aLaunchReadAfterItsStatusIsTakenUp() {
        InFlightClaims claims = new InFlightClaims();
        claims.status(status("a", NodeClaimPhase.LAUNCHED, Reason.LAUNCHED, DECIDED.plusSeconds(2)));

        claims.launched(launch("a", DECIDED));

        assertThat(claims.active(DECIDED.plusSeconds(3), GRACE, NO_NODECLAIM)).singleElement().satisfies(c -> {
            assertThat(c.launch()).isNotNull();
            assertThat(c.answered()).isTrue();
        });
    }
}
