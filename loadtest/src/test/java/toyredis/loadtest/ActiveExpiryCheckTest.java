package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.servers.LaunchedServer;

/**
 * `check --stage 6`'s expiry case fails a server with lazy expiry only (stage 4, stage 6 with
 * --active-expiry no): 200,000 keys with PX 1000 that nobody reads are all still in its DBSIZE 5 s
 * after their deadline. That stage 6 with active expiry and real Redis pass it is in DurabilityCheckTest,
 * which runs all 39 stage 6 cases on both. The burst before it is kept small here: these tests
 * are about the expiry case.
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
        assertFailsTheExpiryCase(checkStage6(jar("stage4-commands") + " --port {port}"));
    }

    @Test
    void stage6WithoutActiveExpiryFailsTheExpiryCase() throws Exception {
        assertFailsTheExpiryCase(checkStage6(jar("stage6-tuning") + " --port {port} --dir {dir} --active-expiry no"));
    }

    private static void assertFailsTheExpiryCase(Cli check) {
        assertThat(check.out()).containsPattern("check failed at case \\d+ of \\d+, " + Pattern.quote(CASE))
                .contains("FAILED: 200,000 of 200,000 keys nobody read are still counted 5 s after their deadline")
                .containsPattern("received  200,000 of the keys left \\d+\\.\\d s after the last one's deadline");
        assertThat(check.code()).isEqualTo(1);
    }
}
