package io.kafkarpenter.cli.tags;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** {@code kk-cli tags check|apply OPTIONS}: argument handling; usage errors exit 2. */
public final class Tags {

    private Tags() {
    }

    static String usage() {
        return "usage: bin/kk tags check " + TagsSettings.options() + "\n"
            + "       bin/kk tags apply [--dry-run] " + TagsSettings.options();
    }

    /** {@code args[0]} is {@code tags}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length < 2 || !(args[1].equals("check") || args[1].equals("apply"))) {
            err.println(usage());
            return 2;
        }
        boolean apply = args[1].equals("apply");
        Map<String, Boolean> flags = new HashMap<>();
        if (apply) {
            flags.put("--dry-run", false);
        }
        TagsSettings settings;
        try {
            settings = TagsSettings.parse(args, 2, flags, env);
        } catch (IllegalArgumentException e) {
            err.println("kk tags " + args[1] + ": " + e.getMessage());
            err.println(usage());
            return 2;
        }
        return apply ? TagsApply.run(settings, flags.get("--dry-run"), out) : TagsCheck.run(settings, out);
    }
}
