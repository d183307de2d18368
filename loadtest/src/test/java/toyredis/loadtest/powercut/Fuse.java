package toyredis.loadtest.powercut;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tests that need FUSE: skipped where it is missing, except in CI (CI set), where they fail instead. */
public final class Fuse {

    private Fuse() {
    }

    public static void required() {
        String why = PowerCutFilesystem.unavailable();
        if (why != null && System.getenv("CI") != null) {
            fail("CI must run the power-cut tests: " + why);
        }
        assumeTrue(why == null, why);
    }
}
