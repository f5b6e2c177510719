package io.kafkarpenter.model.scheduling;

import java.util.ArrayList;

/**
 * The changes a {@link ClusterSimulation} made to the scheduler's state, newest last, each with the action that
 * undoes it. {@link #rollback} undoes back to a mark in reverse order, so every undo action sees exactly the state
 * its change produced. A provisioning solve records nothing (the scheduler's log is null).
 */
final class UndoLog {

    private final ArrayList<Runnable> actions = new ArrayList<>();

    /** The current position; {@link #rollback(int)} to it undoes everything recorded after this call. */
    int mark() {
        return actions.size();
    }

    void push(Runnable undo) {
        actions.add(undo);
    }

    void rollback(int mark) {
        if (mark < 0 || mark > actions.size()) {
            throw new IllegalArgumentException("no such checkpoint: " + mark + " (log has " + actions.size() + ")");
        }
        for (int i = actions.size() - 1; i >= mark; i--) {
            actions.remove(i).run();
        }
    }

    /** Forgets the history: the current state can no longer be rolled back. */
    void clear() {
        actions.clear();
    }
}
