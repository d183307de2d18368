package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * `check --stage 6`'s expiry case fails a server with lazy expiry only: 200,000 keys with PX 1000
 * that nobody reads are all still in its DBSIZE 5 s after their deadline. (That it passes on
 * Redis and on stage 6 is in DurabilityCheckTest, which runs every stage 6 case on both.) The
 * burst before it is kept small here: this test is about the expiry case.
 */
class ActiveExpiryCheckTest {

    private static final String CASE = "\"200,000 keys SET with PX 1000 and never read: 5 s after the deadline DBSIZE counts"
            + " at most 20,000 of them\"";

    private static Cli checkStage6(String start) throws IOException {
        return Cli.run("check", "--stage", "6", "--connections", "100", "--port", "" + LaunchedServer.freePort(),
                "--start", start);
    }

    private static String jar(String module) {
        return LaunchedServer.javaCommand() + " -jar " + StageJar.locate(module).toAbsolutePath().normalize();
    }

    @Test
    void stage4ExpiresOnlyWhenReadSoItFailsTheExpiryCase() throws Exception {
        Cli check = checkStage6(jar("stage4-commands") + " --port {port}");
        assertThat(check.out()).containsPattern("check failed at case \\d+ of \\d+, " + java.util.regex.Pattern.quote(CASE))
                .contains("FAILED: 200,000 of 200,000 keys nobody read are still counted 5 s after their deadline")
                .containsPattern("received  200,000 of the keys left 5\\.\\d s after the deadline");
        assertThat(check.code()).isEqualTo(1);
    }
}
