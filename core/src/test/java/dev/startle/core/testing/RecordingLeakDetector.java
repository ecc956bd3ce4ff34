package dev.startle.core.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every report so {@link LeakGuardExtension} can fail the build. Installed with
 * {@code -Dio.netty.customResourceLeakDetector=dev.startle.core.testing.RecordingLeakDetector} (the parent POM's
 * surefire argLine, together with the paranoid level).
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
    static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    /** The constructor Netty's factory calls. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** The older constructor signature, also looked up by the factory. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add("LEAK: " + resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add("LEAK: " + resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }

    /** Whether this detector class is the one Netty uses in this JVM. */
    public static boolean installed() {
        return RecordingLeakDetector.class.getName().equals(System.getProperty("io.netty.customResourceLeakDetector"));
    }
}
