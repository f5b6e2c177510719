package io.kafkarpenter.sandbox.e2e;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.reasons.Reason;

/**
 * {@code bin/kk bench scale}: N pending pods (default 20,000) of Karpenter's diverse mix published on
 * {@code kk.pods.pending} as the pod-watcher would ({@link ScaleWorkload}), through the provisioner and the launcher
 * to EC2 (the simulator, with EC2's request limits unless {@code --request-limits off}); prints the batch window, the
 * passes, the decision, the NodeClaims decided and launched, CreateFleet calls and throttles, each process's largest
 * RSS (sampled every second), and the issue's targets met or not; writes the same as JSON.
 *
 * <p>What differs from a real cluster, said in the output too: the pods exist only as records (the Kubernetes
 * stand-in cannot mark 20,000 pods pending quickly: its kube-scheduler is one loop over every pod), so the
 * pod-watcher is not started — it would tombstone every record whose pod it cannot find; the stand-in runs without
 * its kubelet, so no instance registers as a Node; the simulator's subnets are /19 (8,187 addresses each) so that
 * thousands of instances fit.
 */
public final class BenchScaleMain {

    /** The provisioner's log line of a pass that sent a decision record (ProvisioningLoop.runPass). */
    static final Pattern BATCH_LINE = Pattern.compile("batch (\\S+): (\\d+) pending pods?: (\\d+) new NodeClaims? .*\\(window "
        + "(\\d+) ms, \\d+ pod\\(s\\) arrived, closed by (\\w+) duration, .*pass started (\\d+) ms after the window "
        + "closed, took (\\d+) ms\\)");
    static final String NODE_POOLS = "default (deploy/demo/nodepool-default.yaml: on-demand c/m/r generation > 5, "
        + "amd64) without its cpu limit: no limits";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BenchScaleMain() {
    }

    /** The command line. */
    record Options(int pods, long seed, boolean requestLimits, boolean keep, boolean kubelet, Duration maxWait, Path json) {
        static Options parse(String[] args, Path defaultJson) {
            int pods = 20_000;
            long seed = 42;
            boolean limits = true;
            boolean keep = false;
            boolean kubelet = false;
            Duration wait = Duration.ofMinutes(10);
            Path json = defaultJson;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--pods" -> pods = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--request-limits" -> {
                        String v = args[++i];
                        if (!v.equals("on") && !v.equals("off")) {
                            throw new IllegalArgumentException("--request-limits on|off, was " + v);
                        }
                        limits = v.equals("on");
                    }
                    case "--keep" -> keep = true;
                    case "--kubelet" -> kubelet = true;
                    case "--wait" -> wait = Duration.parse("PT" + args[++i].toUpperCase());
                    case "--json" -> json = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--pods N, --seed N, "
                        + "--request-limits on|off, --keep, --kubelet, --wait 10m, --json FILE)");
                }
            }
            if (pods < 1) {
                throw new IllegalArgumentException("--pods must be at least 1");
            }
            return new Options(pods, seed, limits, keep, kubelet, wait, json);
        }
    }

    public static void main(String[] args) throws Exception {
        Path kkHome = Path.of(System.getProperty("kk.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty("kk.state", kkHome.resolve(".kk/bench-scale").toString()));
        Options options;
        try {
            options = Options.parse(args, Path.of(System.getProperty("kk.bench.json", kkHome.resolve(".kk/bench/scale.json").toString())));
        } catch (IllegalArgumentException e) {
            System.err.println("kk bench scale: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(kkHome, state, options, System.out));
    }

    static int run(Path kkHome, Path state, Options o, PrintStream out) throws Exception {
        List<String> notes = new ArrayList<>();
        notes.add("The pods exist only as kk.pods.pending records, published as the pod-watcher would: the Kubernetes "
            + "stand-in cannot mark " + o.pods() + " pods pending quickly (its kube-scheduler is one pass over every "
            + "pod), so the pod-watcher is not started (it would tombstone every record whose pod it cannot find).");
        if (!o.kubelet()) {
            notes.add("The stand-in runs without its kubelet: no instance registers as a Node (--kubelet to turn it on).");
        }
        notes.add("Simulator subnets are /19 (8,187 addresses each; the workshop's /24 holds 251).");
        // the launcher's informer holds every NodeClaim (with up to 60 instance types each) and 128 launches are in
        // flight: at 4,000 NodeClaims the sandbox's 128 MiB heap stayed full (a full GC every few seconds); the chart
        // gives it half of its 512 MiB limit. The provisioner keeps the sandbox's 128 MiB (its RSS is a target).
        System.setProperty("kk.sandbox.heap.launcher", System.getProperty("kk.sandbox.heap.launcher", "256m"));
        notes.add("The launcher runs with a 256 MiB heap (the chart's: half its 512 MiB limit; the sandbox's default "
            + "is 128 MiB); every other service with the sandbox's 128 MiB.");
        Sandbox sandbox = new Sandbox(new Sandbox.Options(kkHome, state, "kafkarpenter-demo", Duration.ofSeconds(2),
            Duration.ofSeconds(1), 3, out::println)).withhold("pod-watcher").simulatorState("subnetPrefixLength: 19");
        if (!o.kubelet()) {
            sandbox.withoutKubelet();
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });
        try {
            out.println("starting (logs in " + state + ") ...");
            Files.createDirectories(state);
            try (var logs = Files.newDirectoryStream(state, "*.log")) {
                for (Path log : logs) {
                    Files.delete(log); // the provisioner's batch lines of this run only
                }
            }
            sandbox.start();
            Workloads workloads = new Workloads(sandbox.kube());
            BenchPipelineMain.applyUnlimitedDefaultNodePool(sandbox, workloads, kkHome, state);
            workloads.awaitNodeClassesReady(Duration.ofSeconds(90));
            SimulatorControl simulator = new SimulatorControl(sandbox.ec2Endpoint());
            simulator.requestLimits(o.requestLimits() ? "{\"enabled\": true}" : "{\"enabled\": false}");
            Sandbox.sleep(3000); // the provisioner prepares the NodePool's instance types while idle

            Map<String, Long> maxRss = new LinkedHashMap<>();
            List<String> processes = new ArrayList<>(Sandbox.SERVICES);
            processes.addAll(List.of("kafka", "ec2-simulator", "kube-standin"));
            processes.forEach(p -> maxRss.put(p, -1L));
            sampler.scheduleAtFixedRate(() -> processes.forEach(p -> {
                if (sandbox.isAlive(p)) {
                    maxRss.merge(p, sandbox.rssMiB(p), Math::max);
                }
            }), 0, 1, TimeUnit.SECONDS);

            Map<String, Double> cpuAtStart = new LinkedHashMap<>();
            processes.forEach(p -> cpuAtStart.put(p, sandbox.isAlive(p) ? sandbox.cpuSeconds(p) : -1));
            Progress progress = new Progress(sandbox);
            out.printf("generating %d pods of Karpenter's diverse mix (seed %d) ...%n", o.pods(), o.seed());
            List<Pod> pods = ScaleWorkload.pods(o.pods(), o.seed(), Instant.now());
            out.printf("publishing %d pending pods on %s ...%n", o.pods(), Topics.PODS_PENDING);
            long publishMillis = publish(sandbox, pods);
            pods = null; // not needed any more: the driver's heap
            Instant published = Instant.now();
            out.printf("published in %d ms; waiting for the decisions and the launches (at most %s) ...%n",
                publishMillis, o.maxWait());
            Instant deadline = published.plus(o.maxWait());
            Instant lastProgressLine = Instant.EPOCH;
            while (Instant.now().isBefore(deadline)) {
                progress.drain();
                if (progress.settled(o.pods(), Duration.ofSeconds(20))) {
                    break;
                }
                if (Duration.between(lastProgressLine, Instant.now()).toSeconds() >= 15) {
                    out.printf("  %3d s: %d NodeClaims decided, %d answered by the launcher, %d pods with an outcome%n",
                        Duration.between(published, Instant.now()).toSeconds(), progress.launches.size(),
                        progress.answered.size(), progress.decidedPods.size());
                    lastProgressLine = Instant.now();
                }
            }
            long waited = Duration.between(published, Instant.now()).toSeconds();
            progress.drain();
            sampler.shutdownNow();
            Map<String, Double> cpuSeconds = new LinkedHashMap<>();
            processes.forEach(p -> {
                double before = cpuAtStart.get(p);
                double now = sandbox.isAlive(p) ? sandbox.cpuSeconds(p) : -1;
                cpuSeconds.put(p, before < 0 || now < 0 ? -1 : now - before);
            });

            JsonNode limits = simulator.requestLimits();
            Map<String, Double> metrics = scrapeMetrics(sandbox.httpPort("provisioner"));
            List<ScaleReport.Batch> batches = launchingBatches(sandbox.logOf("provisioner"));
            Long decisionToLast = null;
            String lastAnswered = limits.path("lastAnswered").path("CreateFleet").asText(null);
            if (progress.firstDecisionAt != null && lastAnswered != null) {
                decisionToLast = Duration.between(progress.firstDecisionAt, Instant.parse(lastAnswered)).toMillis();
            }
            int launched = (int) progress.answered.values().stream().filter(p -> p == NodeClaimPhase.LAUNCHED).count();
            if (progress.launches.size() > progress.answered.size()) {
                double rate = progress.answered.size() / Math.max(1.0, waited);
                notes.add(String.format(java.util.Locale.ROOT, "Not all launched within the wait: %d of %d answered in "
                    + "%d s (%.1f NodeClaims/s); at that rate all %d would take ~%.0f s.", progress.answered.size(),
                    progress.launches.size(), waited, rate, progress.launches.size(),
                    progress.launches.size() / Math.max(rate, 0.001)));
            }
            ScaleReport report = new ScaleReport(LocalDate.now().toString(), Runtime.getRuntime().availableProcessors(),
                o.pods(), o.seed(), o.requestLimits(), NODE_POOLS, publishMillis, batches,
                metrics.containsKey("count") ? Math.round(metrics.get("count")) : null,
                // a Micrometer max decays after its window (minutes): 0 means "not in the last window", not 0 ms
                metrics.getOrDefault("max", 0.0) > 0 ? Math.round(metrics.get("max") * 1000) : null,
                progress.launches.size(), progress.answered.size(), launched, decisionToLast,
                limits.path("calls").path("CreateFleet").asLong(), limits.path("throttled").path("CreateFleet").asLong(),
                waited, maxRss, cpuSeconds, notes);
            out.println();
            out.print(report.table());
            report.writeJson(o.json());
            out.println("\n(also in " + o.json() + ")");
            if (o.keep()) {
                sandbox.keepRunning();
                out.println("--keep: the sandbox keeps running (pids " + sandbox.pids() + "); EC2 " + sandbox.ec2Endpoint()
                    + ", kubeconfig " + sandbox.kubeconfig());
            }
            return report.allTargetsMet() ? 0 : 1;
        } finally {
            sampler.shutdownNow();
            sandbox.close();
        }
    }

    /** Sends every pod's record (as the pod-watcher: acks=all, idempotent) and waits for the broker's acks. */
    private static long publish(Sandbox sandbox, List<Pod> pods) throws Exception {
        Properties props = sandbox.clientProperties("pod-watcher"); // its principal: the ACLs let it write the topic
        props.put("acks", "all");
        props.put("linger.ms", "5");
        int partitions = sandbox.options().podsPendingPartitions();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
            new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>(pods.size());
            Instant now = Instant.now();
            for (Pod pod : pods) {
                sent.add(producer.send(ScaleWorkload.record(PodViews.pendingPod(pod, now), partitions)));
            }
            for (var f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The provisioner's pass durations: {@code count} and {@code max} (seconds) of its scheduling histogram. */
    private static Map<String, Double> scrapeMetrics(int port) {
        Map<String, Double> out = new HashMap<>();
        try {
            String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (!line.contains("controller=\"provisioner\"")) {
                    continue;
                }
                if (line.startsWith("karpenter_scheduler_scheduling_duration_seconds_count")) {
                    out.merge("count", value(line), Double::sum);
                } else if (line.startsWith("karpenter_scheduler_scheduling_duration_seconds_max")) {
                    out.merge("max", value(line), Math::max);
                }
            }
        } catch (Exception e) {
            // no metrics: the table says "?"
        }
        return out;
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    /** The provisioner's passes that launched NodeClaims, from its log lines ({@link #BATCH_LINE}). */
    static List<ScaleReport.Batch> launchingBatches(Path log) throws java.io.IOException {
        List<ScaleReport.Batch> out = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = BATCH_LINE.matcher(line);
            if (m.find() && Integer.parseInt(m.group(3)) > 0) {
                out.add(new ScaleReport.Batch(Integer.parseInt(m.group(2)), Long.parseLong(m.group(4)), m.group(5),
                    Long.parseLong(m.group(6)) + Long.parseLong(m.group(7)), Integer.parseInt(m.group(3))));
            }
        }
        return out;
    }

    /** What the provisioner and the launcher said on their topics, with the records' timestamps. */
    private static final class Progress {
        private final KafkaConsumer<String, byte[]> consumer;
        final Set<String> launches = new HashSet<>();
        final Map<String, NodeClaimPhase> answered = new HashMap<>();
        /** Pod uids the provisioner's decision records gave an outcome (any). */
        final Set<String> decidedPods = new HashSet<>();
        Instant firstDecisionAt;
        Instant lastChange = Instant.now();

        Progress(Sandbox sandbox) {
            Properties props = sandbox.adminClientProperties();
            props.put("group.id", "kk-bench-scale-" + UUID.randomUUID());
            props.put("auto.offset.reset", "earliest");
            props.put("enable.auto.commit", "false");
            props.put("max.partition.fetch.bytes", Integer.toString(16 * 1024 * 1024));
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.DECISIONS, Topics.NODECLAIMS_LAUNCH, Topics.NODECLAIMS_STATUS));
        }

        void drain() {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                if (r.value() == null) {
                    continue;
                }
                switch (r.topic()) {
                    case Topics.NODECLAIMS_LAUNCH -> {
                        if (launches.add(EventJson.read(r.value(), NodeClaimLaunch.class).nodeClaimName())) {
                            lastChange = Instant.now();
                        }
                    }
                    case Topics.NODECLAIMS_STATUS -> {
                        NodeClaimStatusChange s = EventJson.read(r.value(), NodeClaimStatusChange.class);
                        if ((s.phase() == NodeClaimPhase.LAUNCHED || s.phase() == NodeClaimPhase.FAILED)
                            && answered.putIfAbsent(s.nodeClaimName(), s.phase()) == null) {
                            lastChange = Instant.now();
                        }
                    }
                    case Topics.DECISIONS -> {
                        DecisionRecord d = EventJson.read(r.value(), DecisionRecord.class);
                        if ("provisioner".equals(d.service())) {
                            int before = decidedPods.size();
                            d.podOutcomes().forEach(po -> decidedPods.add(po.pod().uid()));
                            if (decidedPods.size() > before) {
                                lastChange = Instant.now();
                            }
                        }
                        if (firstDecisionAt == null && "provisioner".equals(d.service()) && d.podOutcomes().stream()
                            .anyMatch(po -> po.reason() == Reason.SCHEDULED_NEW_NODECLAIM)) {
                            firstDecisionAt = Instant.ofEpochMilli(r.timestamp());
                        }
                    }
                    default -> { }
                }
            }
        }

        /** Every pod has an outcome, every NodeClaim decided is answered, and nothing new came for {@code quiet}. */
        boolean settled(int pods, Duration quiet) {
            return decidedPods.size() >= pods && !launches.isEmpty() && answered.keySet().containsAll(launches)
                && Duration.between(lastChange, Instant.now()).compareTo(quiet) > 0;
        }
    }
}
