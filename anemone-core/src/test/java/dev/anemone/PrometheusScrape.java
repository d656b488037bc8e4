package dev.anemone;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: it fails on any line that is
 * not a HELP, a TYPE or a sample, on a sample whose family has no TYPE before it, on a family
 * declared twice, and on a counter not named {@code ..._total}.
 */
final class PrometheusScrape {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.+)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (-?[0-9.eE+]+|NaN|[+-]Inf)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

    /** One metric: its type, help and samples by their label sets. */
    record Family(String type, String help, Map<Map<String, String>, Double> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusScrape() {
    }

    /** Reads {@code text}, failing with an AssertionError naming the first line that breaks the format. */
    static PrometheusScrape parse(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("the text does not end with a line feed");
        }
        PrometheusScrape scrape = new PrometheusScrape();
        String help = null;
        String helpName = null;
        for (String line : List.of(text.split("\n"))) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                helpName = m.group(1);
                help = m.group(2);
            } else if ((m = TYPE.matcher(line)).matches()) {
                String name = m.group(1);
                if (!name.equals(helpName)) {
                    throw new AssertionError("no HELP right before: " + line);
                }
                if (m.group(2).equals("counter") && !name.endsWith("_total")) {
                    throw new AssertionError("a counter not named _total: " + line);
                }
                if (scrape.families.put(name, new Family(m.group(2), help, new LinkedHashMap<>())) != null) {
                    throw new AssertionError("declared twice: " + name);
                }
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                Family family = scrape.families.get(m.group(1));
                if (family == null) {
                    throw new AssertionError("a sample with no TYPE before it: " + line);
                }
                Map<String, String> labels = labels(m.group(3) == null ? "" : m.group(3), line);
                if (family.samples().put(labels, Double.parseDouble(m.group(4))) != null) {
                    throw new AssertionError("a sample given twice: " + line);
                }
            } else {
                throw new AssertionError("not a line of the text format: '" + line + "'");
            }
        }
        return scrape;
    }

    private static Map<String, String> labels(String text, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("bad labels in: " + line);
            }
            labels.put(m.group(1), m.group(2));
            at = m.end();
        }
        return labels;
    }

    /** Every family, by name, in the order they came. */
    Map<String, Family> families() {
        return families;
    }

    /** The family {@code name}, which must be there. */
    Family family(String name) {
        Family family = families.get(name);
        if (family == null) {
            throw new AssertionError("no metric " + name + " in " + families.keySet());
        }
        return family;
    }

    /** The value of the unlabelled sample of {@code name}. */
    double value(String name) {
        return value(name, Map.of());
    }

    /** The value of {@code name} with exactly {@code labels}; absent samples fail. */
    double value(String name, Map<String, String> labels) {
        Double value = family(name).samples().get(labels);
        if (value == null) {
            throw new AssertionError("no sample " + name + labels + " in " + family(name).samples());
        }
        return value;
    }
}
