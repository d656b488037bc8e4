package dev.anemone.conformance;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole catalogue against one role, one parameterized test per case, named
 * "id description → expectation". The role (and its server) is shared; each case has its own
 * connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {

    private Role role;
    private Report report;

    abstract Role newRole() throws Exception;

    @BeforeAll
    void start() throws Exception {
        role = newRole();
        report = new Report(role.label());
    }

    @AfterAll
    void stop() throws Exception {
        role.close();
        report.print();
    }

    /** The cases for this role, in catalogue order. */
    Stream<Arguments> cases() {
        return Catalogue.all().stream()
                .filter(c -> c.setup().roles().contains(role.side()) && role.covers(c))
                .map(c -> Arguments.of(Named.of(c.displayName(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void catalogue(Case c) throws Exception {
        Catalogue.Exclusion exclusion = Catalogue.exclusion(c, role.side());
        if (exclusion == null) {
            try {
                report.passed(CaseRunner.run(c, role));
            } catch (Exception | AssertionError e) {
                report.failed(c, e);
                throw new AssertionError("our " + role.side().name().toLowerCase() + ", " + c.displayName() + ": " + e, e);
            }
            return;
        }
        Throwable failure = null;
        try {
            CaseRunner.run(c, role);
        } catch (Exception | AssertionError e) {
            failure = e;
        }
        if (failure == null) {
            throw new AssertionError(c.id() + " is listed in Catalogue.EXCLUDED (" + exclusion.reason()
                    + ") but now passes against our " + role.side().name().toLowerCase() + ": remove the entry");
        }
        if (!String.valueOf(failure.getMessage()).contains(exclusion.failsWith())) {
            throw new AssertionError(c.id() + " is a known failure (" + exclusion.reason() + ") but now fails differently,"
                    + " not with '" + exclusion.failsWith() + "'", failure);
        }
        report.excluded(c, exclusion.reason(), failure);
    }
}
