package io.kafkarpenter.sandbox.e2e.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.kafkarpenter.sandbox.e2e.Sandbox;

/**
 * The chaos run's timeline, drawn up front from one seeded {@link Random}: the same seed gives the same actions at
 * the same offsets (what each picks at run time — which node, which instance type — comes from the action's own
 * seed, drawn from the same Random, and the cluster's state then). Three lanes run side by side: processes (kills
 * and restarts, the broker restart), cluster (waves, EC2 faults, malformed records) and losses (interruptions,
 * out-of-band deletions). Faults stop {@link #QUIET_TAIL} before the end, waves {@link #WAVE_TAIL} before it.
 */
public record ChaosPlan(long seed, Duration duration, List<Action> actions) {

    /** No fault is injected in the last 30 s of the run. */
    public static final Duration QUIET_TAIL = Duration.ofSeconds(30);
    /** No wave starts in the last 25 s of the run. */
    public static final Duration WAVE_TAIL = Duration.ofSeconds(25);

    /** Each lane plays its actions in order; an action that waits (a restart, a victim to pick) holds only its lane. */
    public enum Lane { PROCESSES, CLUSTER, LOSSES }

    public enum Kind {
        KILL(Lane.PROCESSES), BROKER_RESTART(Lane.PROCESSES),
        WAVE(Lane.CLUSTER), EC2_FAULT(Lane.CLUSTER), CLEAR_FAULTS(Lane.CLUSTER), MALFORMED(Lane.CLUSTER),
        INTERRUPT(Lane.LOSSES), DELETE_NODE(Lane.LOSSES), DELETE_NODECLAIM(Lane.LOSSES);

        final Lane lane;

        Kind(Lane lane) {
            this.lane = lane;
        }
    }

    /** The EC2 faults a run rotates through (the simulator's faults API, {@code FaultsSpec}). */
    public enum Ec2Fault { INSUFFICIENT_CAPACITY, THROTTLE, PARTIAL_FLEET, LATENCY, API_ERRORS }

    /**
     * One action. {@code services}: the KILL's victims; {@code fault}: the EC2_FAULT's kind; {@code web}/{@code batch}:
     * a WAVE's replicas; {@code choiceSeed}: what it picks at run time.
     */
    public record Action(Duration at, Kind kind, List<String> services, Ec2Fault fault, int web, int batch,
                         long choiceSeed) {

        public String describe() {
            String what = switch (kind) {
                case KILL -> "kill -9 " + String.join(" + ", services);
                case EC2_FAULT -> "ec2 fault " + fault;
                case WAVE -> "wave web=" + web + " batch=" + batch;
                default -> kind.name().toLowerCase().replace('_', ' ');
            };
            return String.format("t+%3ds %s", at.toSeconds(), what);
        }
    }

    public static ChaosPlan draw(long seed, Duration duration) {
        Random random = new Random(seed);
        long total = duration.toSeconds();
        long faultsEnd = Math.max(40, total - QUIET_TAIL.toSeconds());
        List<Action> out = new ArrayList<>();
        // processes: a kill every 20-40 s, a quarter of them two services at once; the broker once, near the middle
        long t = 10;
        while (t <= faultsEnd) {
            List<String> services = new ArrayList<>(Sandbox.SERVICES);
            Collections.shuffle(services, random);
            int n = random.nextInt(4) == 0 ? 2 : 1;
            out.add(new Action(Duration.ofSeconds(t), Kind.KILL, List.copyOf(services.subList(0, n)), null, 0, 0,
                random.nextLong()));
            t += 20 + random.nextInt(21);
        }
        out.add(action(total * 45 / 100, Kind.BROKER_RESTART, random));
        // cluster: waves up and down every 25-40 s
        boolean up = true;
        for (long w = 5; w < total - WAVE_TAIL.toSeconds(); w += 25 + random.nextInt(16)) {
            int web = up ? 6 + random.nextInt(7) : random.nextInt(5);
            int batch = up ? 8 + random.nextInt(9) : random.nextInt(6);
            out.add(new Action(Duration.ofSeconds(w), Kind.WAVE, List.of(), null, web, batch, random.nextLong()));
            up = !up;
        }
        // EC2 faults one after another, each kind in turn (shuffled), held 10-20 s
        List<Ec2Fault> kinds = new ArrayList<>(List.of(Ec2Fault.values()));
        Collections.shuffle(kinds, random);
        int k = 0;
        for (long f = 10; f < faultsEnd; ) {
            long hold = 10 + random.nextInt(11);
            out.add(new Action(Duration.ofSeconds(f), Kind.EC2_FAULT, List.of(), kinds.get(k++ % kinds.size()), 0, 0,
                random.nextLong()));
            out.add(action(Math.min(f + hold, faultsEnd), Kind.CLEAR_FAULTS, random));
            f += hold + 3 + random.nextInt(8);
        }
        // spot interruptions: one near a third of the run, then one every ~2 minutes
        for (long i = total * 35 / 100; i < faultsEnd; i += 120) {
            out.add(action(i, Kind.INTERRUPT, random));
        }
        out.add(action(total * 40 / 100, Kind.DELETE_NODE, random));
        out.add(action(total * 55 / 100, Kind.DELETE_NODECLAIM, random));
        out.add(action(total * 15 / 100, Kind.MALFORMED, random));
        out.add(action(total * 65 / 100, Kind.MALFORMED, random));
        out.sort(Comparator.comparing(Action::at));
        return new ChaosPlan(seed, duration, List.copyOf(out));
    }

    private static Action action(long at, Kind kind, Random random) {
        return new Action(Duration.ofSeconds(at), kind, List.of(), null, 0, 0, random.nextLong());
    }

    public List<Action> lane(Lane lane) {
        return actions.stream().filter(a -> a.kind().lane == lane).toList();
    }
}
