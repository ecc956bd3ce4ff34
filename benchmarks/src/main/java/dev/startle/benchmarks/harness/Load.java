package dev.startle.benchmarks.harness;

/** One client under test, in its own JVM. */
interface Load extends AutoCloseable {

    /**
     * Runs the workload with the configured number of connections until {@link Run#running()} turns false, reporting
     * each message (or cycle) to {@code run}; returns once every worker has stopped.
     */
    void run(Run run) throws Exception;

    /** Opens {@code count} idle, upgraded connections and keeps them open until {@link #close()} (memory row). */
    default void hold(int count) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot hold connections");
    }

    @Override
    default void close() throws Exception {}
}
