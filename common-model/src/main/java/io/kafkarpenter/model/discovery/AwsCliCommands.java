package io.kafkarpenter.model.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code aws} CLI command that makes a {@link TagChange} by hand, as the workshop's §1.7 prints it:
 * {@code aws eks tag-resource --resource-arn ARN --tags karpenter.sh/discovery=demo --region us-west-2} or
 * {@code aws ec2 create-tags --resources subnet-0abc --tags Key=karpenter.sh/discovery,Value=demo --region us-west-2};
 * deletions with {@code untag-resource --tag-keys} / {@code delete-tags} with each value.
 *
 * @param region   appended as {@code --region}; null: omitted
 * @param endpoint appended as {@code --endpoint-url} (the local simulator); null: omitted
 */
public record AwsCliCommands(String region, String endpoint) {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@+-]+");

    /** The command for {@code change}. */
    public String command(TagChange change) {
        List<String> words = new ArrayList<>();
        boolean cluster = change.type() == DiscoveryResourceType.CLUSTER;
        boolean create = change.operation() == TagChange.Operation.CREATE;
        words.add("aws");
        if (cluster) {
            words.addAll(List.of("eks", create ? "tag-resource" : "untag-resource", "--resource-arn",
                change.resourceId()));
            if (create) {
                words.add("--tags");
                StringBuilder tags = new StringBuilder();
                for (Map.Entry<String, String> t : change.tags().entrySet()) {
                    tags.append(tags.length() == 0 ? "" : ",").append(t.getKey()).append('=').append(t.getValue());
                }
                words.add(tags.toString());
            } else {
                words.add("--tag-keys");
                words.addAll(change.tags().keySet());
            }
        } else {
            words.addAll(List.of("ec2", create ? "create-tags" : "delete-tags", "--resources", change.resourceId(),
                "--tags"));
            change.tags().forEach((k, v) -> words.add("Key=" + k + ",Value=" + v));
        }
        if (region != null && !region.isBlank()) {
            words.addAll(List.of("--region", region));
        }
        if (endpoint != null && !endpoint.isBlank()) {
            words.addAll(List.of("--endpoint-url", endpoint));
        }
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            out.append(out.length() == 0 ? "" : " ").append(quote(w));
        }
        return out.toString();
    }

    /** Single-quotes a word the shell would otherwise split or expand. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
