package dev.startle.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer (or engine) while it ran. Registered for every test class
 * through JUnit's extension auto-detection (see {@code junit-platform.properties}).
 *
 * <p>Leaks are found when a leaked object is garbage collected and the detector is next used, so after each class this
 * collects garbage and allocates a few buffers to flush the reports.
 */
public final class LeakGuardExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!RecordingLeakDetector.installed()) {
            throw new IllegalStateException("RecordingLeakDetector is not installed: run tests through Maven "
                    + "(the parent POM sets -Dio.netty.customResourceLeakDetector)");
        }
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("the leak detector must run at PARANOID level in tests");
        }
        flushLeakReports();
        List<String> leaks = new ArrayList<>(RecordingLeakDetector.LEAKS);
        RecordingLeakDetector.LEAKS.clear();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty resource leak(s) while running " + context.getDisplayName()
                    + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Collects garbage and touches the detectors so pending leak reports are made now. */
    public static void flushLeakReports() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            for (int j = 0; j < 64; j++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
                ByteBuf c = UnpooledByteBufAllocator.DEFAULT.directBuffer(16);
                a.release();
                b.release();
                c.release();
            }
        }
    }
}
