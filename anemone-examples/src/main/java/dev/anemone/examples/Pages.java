package dev.anemone.examples;

import dev.anemone.StaticFiles;

/** The examples' pages, scripts and styles, served from the class path ({@code www/}). */
final class Pages {

    /** Every file under {@code www/}, at the same path in URLs: {@code /chat/} is {@code www/chat/index.html}. */
    static final StaticFiles FILES = StaticFiles.fromClasspath("dev/anemone/examples/www", Pages.class.getClassLoader());

    private Pages() {
    }
}
