package dev.anemone.conformance;

import java.util.ArrayList;
import java.util.List;

/** Collects one chapter's cases, each added as one line: id, description, steps, expectation. */
final class CaseList {

    private final String chapter;
    private final List<Case> cases = new ArrayList<>();
    private Case.Setup setup = Case.Setup.PLAIN;

    CaseList(String chapter) {
        this.chapter = chapter;
    }

    /** The setup for the cases added next. */
    CaseList setup(Case.Setup value) {
        setup = value;
        return this;
    }

    CaseList add(String id, String description, List<Step> steps, Expectation expect) {
        cases.add(new Case(id, chapter, description, setup, List.copyOf(steps), expect));
        return this;
    }

    List<Case> list() {
        return List.copyOf(cases);
    }
}
