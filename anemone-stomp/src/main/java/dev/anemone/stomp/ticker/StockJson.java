package dev.anemone.stomp.ticker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The book's two message formats, and nothing more: a work request {@code {"stocks":["IBM","MSFT"]}}
 * and a result {@code [{"symbol":"IBM","price":123.45}]}. Symbols are letters, digits, dots and
 * dashes, at most 12; anything else in a message is ignored.
 */
final class StockJson {

    private static final Pattern SYMBOL = Pattern.compile("\"([A-Za-z0-9.\\-]{1,12})\"");
    private static final Pattern RESULT = Pattern.compile(
            "\\{\\s*\"symbol\"\\s*:\\s*\"([A-Za-z0-9.\\-]{1,12})\"\\s*,\\s*\"price\"\\s*:\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*}");

    private StockJson() {
    }

    /** Whether {@code text} is a symbol this format carries. */
    static boolean isSymbol(String text) {
        return text.matches("[A-Za-z0-9.\\-]{1,12}");
    }

    static String work(List<String> symbols) {
        StringBuilder out = new StringBuilder("{\"stocks\":[");
        for (int i = 0; i < symbols.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"').append(symbols.get(i)).append('"');
        }
        return out.append("]}").toString();
    }

    static List<String> symbols(String work) {
        int list = work.indexOf('[');
        List<String> symbols = new ArrayList<>();
        if (list < 0) {
            return symbols;
        }
        Matcher matcher = SYMBOL.matcher(work.substring(list));
        while (matcher.find()) {
            symbols.add(matcher.group(1));
        }
        return symbols;
    }

    static String result(Map<String, Double> prices) {
        StringBuilder out = new StringBuilder("[");
        prices.forEach((symbol, price) -> out.append(out.length() > 1 ? "," : "")
                .append(String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"price\":%.2f}", symbol, price)));
        return out.append(']').toString();
    }

    static Map<String, Double> prices(String result) {
        Map<String, Double> prices = new LinkedHashMap<>();
        Matcher matcher = RESULT.matcher(result);
        while (matcher.find()) {
            prices.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return prices;
    }
}
