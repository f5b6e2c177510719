package io.kafkarpenter.cli.tags;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.discovery.DiscoverySelection;

/**
 * What {@code bin/kk tags check|apply} works on: the cluster, the region, an optional endpoint (the local simulator),
 * which subnets and security groups should carry the discovery tag, and the tag's key.
 *
 * <pre>
 * --cluster NAME [--region R] [--endpoint URL] [--subnets private|all|ID,...] [--security-groups cluster|ID,...]
 * </pre>
 *
 * The region defaults to {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION}, then (against an {@code --endpoint}
 * only) {@code us-east-1}.
 */
public record TagsSettings(String cluster, String region, URI endpoint, DiscoverySelection selection, String tagKey) {

    public TagsSettings {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(selection, "selection");
        tagKey = tagKey == null ? AwsTagKeys.DISCOVERY : tagKey;
    }

    /** The defaults for a cluster in a region, optionally against an endpoint. */
    public static TagsSettings of(String cluster, String region, URI endpoint) {
        return new TagsSettings(cluster, region, endpoint, DiscoverySelection.defaults(), AwsTagKeys.DISCOVERY);
    }

    /** The usage text of the options (without the subcommand). */
    static String options() {
        return "--cluster NAME [--region R] [--endpoint URL] [--subnets private|all|SUBNET_ID,...]"
            + " [--security-groups cluster|SG_ID,...]";
    }

    /**
     * Parses the options after the subcommand; {@code flags} are extra boolean flags allowed (e.g. {@code --dry-run}),
     * whose presence is put in {@code seenFlags}. Throws {@link IllegalArgumentException} with a one-line message.
     */
    static TagsSettings parse(String[] args, int from, Map<String, Boolean> seenFlags, Map<String, String> env) {
        String cluster = null;
        String region = null;
        String endpoint = null;
        String subnets = null;
        String groups = null;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (seenFlags.containsKey(a)) {
                seenFlags.put(a, true);
                continue;
            }
            switch (a) {
                case "--cluster" -> cluster = value(args, ++i, a);
                case "--region" -> region = value(args, ++i, a);
                case "--endpoint" -> endpoint = value(args, ++i, a);
                case "--subnets" -> subnets = value(args, ++i, a);
                case "--security-groups" -> groups = value(args, ++i, a);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("--cluster NAME is required");
        }
        if (region == null) {
            region = firstSet(env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"));
        }
        if (region == null && endpoint != null) {
            region = "us-east-1";
        }
        if (region == null) {
            throw new IllegalArgumentException("no region: give --region or set AWS_REGION");
        }
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--endpoint " + endpoint + " is not a URL");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("--endpoint " + endpoint + " is not a URL (http://host:port)");
            }
        }
        DiscoverySelection selection = DiscoverySelection.parse(subnets, "--subnets", groups, "--security-groups");
        return new TagsSettings(cluster, region, uri, selection, AwsTagKeys.DISCOVERY);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static String firstSet(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
