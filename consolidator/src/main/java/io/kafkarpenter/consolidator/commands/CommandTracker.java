package io.kafkarpenter.consolidator.commands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.kafkarpenter.model.disruption.CommandValidation;
import io.kafkarpenter.model.disruption.DisruptionCommand;
import io.kafkarpenter.model.disruption.DisruptionMethod;
import io.kafkarpenter.model.disruption.DisruptionPlan;
import io.kafkarpenter.model.reasons.ReasonMessage;

/**
 * What happens to the planner's commands between deciding and emitting (see DESIGN.md, "The loop"). Not thread-safe:
 * the disruption loop is its only caller. Pure: time is passed in.
 * <ul>
 *   <li>expiration and drift commands are emitted at once;</li>
 *   <li>an emptiness or consolidation command is <b>held</b> for {@code validationDelay} (one at a time; while one is
 *       held the plans of later passes are not acted on), then re-validated against a fresh snapshot by the caller
 *       ({@link #due}, {@link #validated}): valid → emitted, invalid → a VALIDATION_FAILED outcome;</li>
 *   <li>every emitted command is remembered: its nodes count as already being disrupted
 *       ({@link #disruptingAlready}) for {@code commandMemory}, until the launcher has recorded the request on the
 *       NodeClaim; a <b>replace</b> command blocks new consolidation (not emptiness, drift or expiration) while any
 *       of its nodes still exists, for at most {@code replacementTimeout} (simple and safe: a second consolidation
 *       would be planned against capacity that is not up yet).</li>
 * </ul>
 * A command's nodes are remembered by their <b>NodeClaim</b> names (the node name only for a node without one): node
 * names are private DNS names, EC2 may give a terminated instance's private IP to the next instance launched in the
 * subnet (the sandbox's simulator does so at once), and a replacement then registers under the name of a node removed
 * seconds before. Remembered by node name, that new node counted as being disrupted for the rest of the memory (using
 * up the budget) and a replace command looked in progress again until its timeout.
 * Decision ids are deterministic ({@link #decisionId}), so a restarted consolidator that plans the same command
 * publishes the same ids and replacement names.
 */
public final class CommandTracker {

    /**
     * @param validationDelay    Karpenter's 15 s between deciding a consolidation and executing it
     * @param commandMemory      how long an emitted command's nodes count as being disrupted without the launcher's
     *                           own marks (annotations, taint)
     * @param replacementTimeout how long a replace command may block new consolidation
     */
    public record Settings(Duration validationDelay, Duration commandMemory, Duration replacementTimeout) {
    }

    /** A command and its decision id. */
    public record Decided(DisruptionCommand command, String decisionId) {
    }

    /** A consolidation or emptiness command waiting for its validation. */
    public record Held(Decided decided, Instant decidedAt, Instant dueAt) {
    }

    /** What the caller does next. */
    public interface Outcome {
    }

    /** Publish this command now. */
    public record Emit(Decided decided) implements Outcome {
    }

    /** This command is held until {@code held.dueAt()}. */
    public record Hold(Held held) implements Outcome {
    }

    /** The held command failed its validation. */
    public record Invalid(Decided decided, ReasonMessage why) implements Outcome {
    }

    /** A consolidation not started because a replace command is still in progress. */
    public record Wait(Decided decided, Decided blocking) implements Outcome {
    }

    /** An emitted command, its candidates' NodeClaim names and when. */
    private record Emitted(Decided decided, List<String> claims, Instant at) {
    }

    private final Settings settings;
    private Held held;
    private final Map<String, Emitted> emittedByClaim = new LinkedHashMap<>();
    private final List<Emitted> replaces = new ArrayList<>();

    public CommandTracker(Settings settings) {
        this.settings = settings;
    }

    /** Deterministic: the method and the sorted candidate NodeClaim (or node) names. */
    public static String decisionId(DisruptionCommand command, Map<String, String> claimOfNode) {
        List<String> claims = claimNames(command, claimOfNode);
        return "disr-" + digest(command.method().name() + ":" + String.join(",", claims), 16);
    }

    /** The candidates' NodeClaim names (their node names when unknown), sorted. */
    public static List<String> claimNames(DisruptionCommand command, Map<String, String> claimOfNode) {
        return command.nodes().stream().map(n -> claimOfNode.getOrDefault(n, n)).sorted().toList();
    }

    /**
     * The plan of a pass: what to do with each of its commands.
     *
     * @param claimOfNode NodeClaim name of each node name, now
     * @param exists      whether a NodeClaim (or a node without one) of that name still exists (a replace command is
     *                    done once its NodeClaims are gone)
     */
    public List<Outcome> onPlan(DisruptionPlan plan, Map<String, String> claimOfNode, Instant now,
                                Predicate<String> exists) {
        List<Outcome> out = new ArrayList<>();
        for (DisruptionCommand c : plan.commands()) {
            Decided d = new Decided(c, decisionId(c, claimOfNode));
            if (claimNames(c, claimOfNode).stream()
                .anyMatch(n -> emittedByClaim.containsKey(n) && recent(emittedByClaim.get(n), now))) {
                continue; // already emitted; the launcher has not recorded it yet
            }
            if (c.method() == DisruptionMethod.EXPIRATION || c.method() == DisruptionMethod.DRIFT) {
                if (held != null && held.decided().command().nodes().stream().anyMatch(c.nodes()::contains)) {
                    held = null; // those nodes go now for another reason; the rest is planned again
                }
                out.add(new Emit(d));
                continue;
            }
            if (held != null) {
                continue; // one consolidation at a time; this one is re-planned after
            }
            Optional<Emitted> blocking = waitingReplace(now, exists);
            if (blocking.isPresent() && c.method() != DisruptionMethod.EMPTINESS) {
                out.add(new Wait(d, blocking.get().decided()));
                continue;
            }
            held = new Held(d, now, now.plus(settings.validationDelay()));
            out.add(new Hold(held));
        }
        return out;
    }

    /** The held command once its validation delay has passed. */
    public Optional<Held> due(Instant now) {
        return held != null && !now.isBefore(held.dueAt()) ? Optional.of(held) : Optional.empty();
    }

    public Optional<Held> held() {
        return Optional.ofNullable(held);
    }

    /** The held command's validation result: emit what is still valid, or report why not. */
    public Outcome validated(Held h, CommandValidation.Result result) {
        if (held == h) {
            held = null;
        }
        if (result.valid()) {
            return new Emit(new Decided(result.command(), h.decided().decisionId()));
        }
        return new Invalid(h.decided(), result.why());
    }

    /**
     * The command was published.
     *
     * @param claimOfNode NodeClaim name of each node name when it was published
     */
    public void emitted(Decided d, Map<String, String> claimOfNode, Instant now) {
        Emitted e = new Emitted(d, claimNames(d.command(), claimOfNode), now);
        e.claims().forEach(n -> emittedByClaim.put(n, e));
        if (d.command().decision() == DisruptionCommand.Decision.REPLACE) {
            replaces.add(e);
        }
    }

    /**
     * NodeClaim names (node names for nodes without one) of commands emitted less than {@code commandMemory} ago
     * (older ones are forgotten).
     */
    public Set<String> disruptingAlready(Instant now) {
        emittedByClaim.values().removeIf(e -> !recent(e, now));
        return Set.copyOf(emittedByClaim.keySet());
    }

    /**
     * A replace command of ours still in progress: some NodeClaim of it exists, within {@code replacementTimeout}.
     */
    public Optional<Decided> replaceInProgress(Instant now, Predicate<String> exists) {
        return waitingReplace(now, exists).map(Emitted::decided);
    }

    private Optional<Emitted> waitingReplace(Instant now, Predicate<String> exists) {
        replaces.removeIf(e -> !now.isBefore(e.at().plus(settings.replacementTimeout()))
            || e.claims().stream().noneMatch(exists));
        return replaces.stream().findFirst();
    }

    private boolean recent(Emitted e, Instant now) {
        return now.isBefore(e.at().plus(settings.commandMemory()));
    }

    static String digest(String text, int hexChars) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
