package dev.anemone.conformance;

import static dev.anemone.conformance.Expectation.cleanClose;
import static dev.anemone.conformance.Expectation.echoText;
import static dev.anemone.conformance.Expectation.fail;
import static dev.anemone.conformance.Expectation.nothing;
import static dev.anemone.conformance.Expectation.sutCloses;
import static dev.anemone.conformance.Send.RSV1;
import static dev.anemone.conformance.Send.TEXT;
import static dev.anemone.conformance.Send.close;
import static dev.anemone.conformance.Send.frame;
import static dev.anemone.conformance.Send.steps;
import static dev.anemone.conformance.Send.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The harness itself: the catalogue is well formed, and the runner does fail a case whose
 * expectation is wrong, for each kind of ending, so a passing case means something.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HarnessTest {

    private ServerRole server;

    @BeforeAll
    void start() {
        server = new ServerRole();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void caseIdsAreUniqueAndEveryChapterHasCases() {
        Set<String> ids = new HashSet<>();
        for (Case c : Catalogue.all()) {
            assertThat(ids.add(c.id())).as("duplicate id " + c.id()).isTrue();
            assertThat(c.setup().roles()).isNotEmpty();
        }
        assertThat(Catalogue.all()).extracting(Case::chapter).contains(Chapter1Framing.CHAPTER, Chapter2PingPong.CHAPTER,
                Chapter3ReservedBits.CHAPTER, Chapter4Opcodes.CHAPTER, Chapter5Fragmentation.CHAPTER, Chapter6Utf8.CHAPTER,
                Chapter7Closing.CHAPTER, Chapter9Limits.CHAPTER, Chapter10AutoFragmentation.CHAPTER,
                Chapter12Deflate.CHAPTER, Chapter13DeflateParameters.CHAPTER);
        assertThat(Catalogue.EXCLUDED.keySet()).allMatch(ids::contains);
    }

    @Test
    void displayNamesReadLikeATable() {
        Case c = Catalogue.all().stream().filter(x -> x.id().equals("5.15")).findFirst().orElseThrow();
        assertThat(c.displayName()).isEqualTo("5.15 new message inside fragmented message → 1002");
    }

    @Test
    void aWrongEchoFails() {
        assertFails(steps(text("Hello")), echoText("Hellp"));
    }

    @Test
    void anEchoWhereNothingWasExpectedFails() {
        assertFails(steps(text("Hello")), nothing());
    }

    @Test
    void anEchoWhereAFailureWasExpectedFails() {
        assertFails(steps(text("Hello")), fail(1002));
    }

    @Test
    void theWrongFailureCodeFails() {
        assertFails(steps(frame(true, RSV1, TEXT, Send.utf8("Hello"))), fail(1007));
    }

    @Test
    void anEchoExpectedWhereTheConnectionFailsFails() {
        assertFails(steps(frame(true, RSV1, TEXT, Send.utf8("Hello"))), echoText("Hello"));
    }

    @Test
    void theWrongCloseCodeFails() {
        assertFails(steps(close(1000)), cleanClose(1001));
    }

    @Test
    void aCloseExpectedFromTheSystemUnderTestThatNeverComesFails() {
        assertFails(steps(text("Hello"), close(1000)),
                sutCloses(EchoListener.CLOSE_CODE, true, Expectation.message(TEXT, Send.utf8("Hello"))));
    }

    private void assertFails(List<Step> steps, Expectation wrong) {
        Case c = new Case("x", "harness", "a wrong expectation", Case.Setup.PLAIN, steps, wrong);
        assertThatThrownBy(() -> CaseRunner.run(c, server)).isInstanceOf(AssertionError.class);
    }
}
