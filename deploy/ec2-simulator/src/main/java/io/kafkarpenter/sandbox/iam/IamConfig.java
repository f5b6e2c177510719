package io.kafkarpenter.sandbox.iam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's IAM section ({@code iam:} in its YAML/JSON state file).
 *
 * <pre>
 * iam:
 *   enforce: true            # default false: every caller is allowed
 *   policies:                # access key id -> policy file; the policy's name = file name without .json
 *     kafkarpenter-launcher: /abs/deploy/iam/launcher.json
 *   adminKeys: [sandbox]     # keys that may do anything (the account's root)
 *   variables: {}            # extra ${Name} substitutions in the policy files
 *   usageDir: /abs/dir       # optional: where statement usage is written (IamUsage)
 * </pre>
 *
 * @param enforce   evaluate policies; false: every caller may do everything (nothing recorded)
 * @param policies  access key id → policy file path
 * @param adminKeys access key ids allowed everything (no usage recorded)
 * @param variables extra {@code ${Name}} → value, besides the simulator's {@code AWS::Partition}, {@code AWS::Region},
 *                  {@code AWS::AccountId} and {@code ClusterName}
 * @param usageDir  directory for {@code .used} files, or null
 */
public record IamConfig(boolean enforce, Map<String, String> policies, List<String> adminKeys,
                        Map<String, String> variables, String usageDir) {
    public IamConfig {
        policies = policies == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policies));
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
        variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        for (String key : adminKeys) {
            if (policies.containsKey(key)) {
                throw new IllegalArgumentException("iam: access key " + key + " is both an admin key and mapped to a policy");
            }
        }
    }

    /** Not enforced: every caller is allowed (the default). */
    public static IamConfig disabled() {
        return new IamConfig(false, Map.of(), List.of(), Map.of(), null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().enforce(enforce).usageDir(usageDir == null ? null : Path.of(usageDir));
        policies.forEach((k, v) -> b.policy(k, Path.of(v)));
        adminKeys.forEach(b::adminKey);
        variables.forEach(b::variable);
        return b;
    }

    /** Builds an enforcing configuration unless {@link #enforce(boolean) enforce(false)}. */
    public static final class Builder {
        private boolean enforce = true;
        private final Map<String, String> policies = new LinkedHashMap<>();
        private final List<String> adminKeys = new ArrayList<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private String usageDir;

        public Builder enforce(boolean enforce) { this.enforce = enforce; return this; }

        /** The caller with this access key id is governed by the policy in this file. */
        public Builder policy(String accessKeyId, Path policyFile) {
            policies.put(accessKeyId, policyFile.toAbsolutePath().toString());
            return this;
        }

        public Builder adminKey(String accessKeyId) { adminKeys.add(accessKeyId); return this; }

        public Builder adminKeys(String... accessKeyIds) { adminKeys.addAll(List.of(accessKeyIds)); return this; }

        public Builder variable(String name, String value) { variables.put(name, value); return this; }

        public Builder usageDir(Path dir) { this.usageDir = dir == null ? null : dir.toAbsolutePath().toString(); return this; }

        public IamConfig build() {
            return new IamConfig(enforce, policies, adminKeys, variables, usageDir);
        }
    }
}
