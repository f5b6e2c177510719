package io.kafkarpenter.tagreconciler.loop;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What asked the loop for work since its last tick: a discovery reconcile (a {@code kk.nodeclaims.status} record, an
 * EC2NodeClass change) and EC2NodeClasses to reconcile now (informer changes, a discovery pass that wrote tags, a
 * deleted NodeClaim whose class waits for it). Thread-safe: informer and Kafka threads write, the tick takes.
 */
@ApplicationScoped
public class ReconcileTriggers {

    private boolean discovery;
    private boolean allClasses;
    private final Set<String> classes = new LinkedHashSet<>();

    public synchronized void requestDiscovery() {
        discovery = true;
    }

    public synchronized void nodeClass(String name) {
        classes.add(name);
    }

    public synchronized void allNodeClasses() {
        allClasses = true;
    }

    /** Takes the discovery request (true once per request). */
    synchronized boolean takeDiscovery() {
        boolean was = discovery;
        discovery = false;
        return was;
    }

    /** Takes the classes asked for; {@code all} when every class was asked for. */
    synchronized Taken takeClasses() {
        Taken taken = new Taken(allClasses, Set.copyOf(classes));
        allClasses = false;
        classes.clear();
        return taken;
    }

    record Taken(boolean all, Set<String> names) {
    }
}
