package io.kafkarpenter.cli.nodes;

import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.model.nodeview.NodeView;

/**
 * {@code kk nodes}: the cluster's nodes as eks-node-viewer shows them, from the API server (read-only).
 *
 * <pre>
 * bin/kk nodes [--once] [--kubeconfig FILE] [--context NAME] [--nodepool NAME]
 * </pre>
 *
 * Without {@code --once} it keeps the frame up to date: informers watch Nodes, NodeClaims and bound pods, and the
 * frame is redrawn after a change (at most once a second, so a burst makes one frame) and every 10 s for the ages.
 * The cluster is the kubeconfig's ({@code --kubeconfig}, else {@code $KUBECONFIG} or {@code ~/.kube/config}; its
 * current context unless {@code --context}). {@code bin/kk kube start} and {@code bin/kk demo} write one for the
 * stand-in.
 */
public final class NodesCommand {

    static final String USAGE = "usage: kk nodes [--once] [--kubeconfig FILE] [--context NAME] [--nodepool NAME]";
    /** A frame at most this often, and this long after the first change of a burst. */
    static final long MIN_INTERVAL_MILLIS = 1000;
    /** A frame at least this often, for the ages. */
    static final long MAX_INTERVAL_MILLIS = 10_000;
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private NodesCommand() {
    }

    /** Options; {@code args[0]} is "nodes". */
    record Options(boolean once, String kubeconfig, String context, String nodePool) {

        static Options parse(String[] args) {
            boolean once = false;
            String kubeconfig = null;
            String context = null;
            String nodePool = null;
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--once" -> once = true;
                    case "--kubeconfig" -> kubeconfig = value(args, ++i);
                    case "--context" -> context = value(args, ++i);
                    case "--nodepool" -> nodePool = value(args, ++i);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(once, kubeconfig, context, nodePool);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("kk nodes: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options.kubeconfig() != null && !new File(options.kubeconfig()).canRead()) {
            err.println("kk nodes: cannot read the kubeconfig " + options.kubeconfig());
            return 2;
        }
        Config config;
        try {
            config = options.kubeconfig() != null
                ? Config.fromKubeconfig(options.context(), new File(options.kubeconfig()))
                : Config.autoConfigure(options.context());
        } catch (KubernetesClientException e) {
            err.println("kk nodes: cannot read the kubeconfig: " + e.getMessage());
            return 2;
        }
        // fabric8 falls back to the current context when the named one is missing: that would show another cluster
        if (options.context() != null && (config.getCurrentContext() == null
            || !options.context().equals(config.getCurrentContext().getName()))) {
            err.println("kk nodes: no context " + options.context() + " in the kubeconfig");
            return 2;
        }
        // a CLI: fail fast instead of fabric8's ten retries with backoff
        config.setRequestRetryBackoffLimit(1);
        config.setConnectionTimeout(5_000);
        String cluster = config.getMasterUrl();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             ClusterReader reader = new ClusterReader(client)) {
            if (options.once()) {
                NodeView view = reader.once();
                print(out, frame(view, cluster, options, reader.note()));
                return 0;
            }
            reader.start();
            boolean terminal = System.console() != null;
            while (true) {
                List<String> lines = frame(reader.current(), cluster, options, reader.note());
                if (terminal) {
                    out.print(CLEAR_SCREEN);
                } else {
                    out.println();
                }
                print(out, lines);
                reader.awaitChange(MAX_INTERVAL_MILLIS, MIN_INTERVAL_MILLIS);
            }
        } catch (KubernetesClientException e) {
            err.println("kk nodes: cannot read the cluster at " + cluster + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static List<String> frame(NodeView view, String cluster, Options options, String note) {
        List<String> lines = new ArrayList<>(NodesFrame.lines(view.forNodePool(options.nodePool()), cluster,
            options.nodePool()));
        if (note != null) {
            lines.add("note: " + note);
        }
        return lines;
    }

    private static void print(PrintStream out, List<String> lines) {
        lines.forEach(out::println);
        out.flush();
    }
}
