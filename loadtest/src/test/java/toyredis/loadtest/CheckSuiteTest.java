package toyredis.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import toyredis.loadtest.check.CheckSuite;

class CheckSuiteTest {

    @Test
    void parsesStagesCasesAndSteps() {
        CheckSuite suite = CheckSuite.parse("t.txt", """
                # a comment
                stages 2-3

                case PING answers PONG
                send "PING\\r\\n"
                expect "PONG\\n"
                expect closed
                """);
        assertThat(suite.fromStage()).isEqualTo(2);
        assertThat(suite.toStage()).isEqualTo(3);
        assertThat(suite.cases()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("PING answers PONG");
            assertThat(c.line()).isEqualTo(4);
            assertThat(c.steps()).hasSize(3);
            assertThat(((CheckSuite.Send) c.steps().get(0)).bytes()).isEqualTo("PING\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(c.steps().get(2)).isInstanceOf(CheckSuite.ExpectClosed.class);
        });
    }

    @Test
    void aWaitStepTakesMilliseconds() {
        CheckSuite suite = CheckSuite.parse("t.txt", "stages 4-6\ncase x\nwait 150ms\n");
        assertThat(suite.cases().getFirst().steps()).containsExactly(new CheckSuite.Wait(Duration.ofMillis(150)));
        assertThatThrownBy(() -> CheckSuite.parse("t.txt", "stages 4-6\ncase x\nwait 2s\n"))
                .hasMessage("t.txt line 3: wait takes milliseconds, such as wait 150ms: 2s");
    }

    @Test
    void mistakesNameTheFileAndLine() {
        assertThatThrownBy(() -> CheckSuite.parse("t.txt", "stages 1-1\ncase x\nsend PING\n"))
                .hasMessage("t.txt line 3: bytes must be in double quotes: PING");
        assertThatThrownBy(() -> CheckSuite.parse("t.txt", "stages 1-1\ncase x\nsnd \"a\"\n"))
                .hasMessageStartingWith("t.txt line 3: expected stages, case, send, expect or wait");
    }

    @Test
    void eachStageGetsItsOwnAndTheEarlierCasesThatStillApply() {
        assertThat(CheckSuite.forStage(1)).extracting(CheckSuite::file).containsExactly("stage1.txt");
        assertThat(CheckSuite.forStage(2)).extracting(CheckSuite::file).containsExactly("stage2.txt");
        assertThat(CheckSuite.forStage(3)).extracting(CheckSuite::file).containsExactly("stage2.txt", "stage3.txt");
        assertThat(CheckSuite.forStage(4)).extracting(CheckSuite::file).containsExactly("stage4.txt");
        assertThat(CheckSuite.forStage(6)).extracting(CheckSuite::file).containsExactly("stage4.txt");
    }
}
