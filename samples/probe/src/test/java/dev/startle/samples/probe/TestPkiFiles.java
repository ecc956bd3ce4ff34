package dev.startle.samples.probe;

import dev.startle.core.testing.TestPki;

/** The test CA as a file, for {@code --ca}. */
final class TestPkiFiles {
    private TestPkiFiles() {}

    static String ca() {
        return TestPki.get().caPemFile().toString();
    }
}
