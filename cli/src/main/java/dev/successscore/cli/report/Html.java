package dev.successscore.cli.report;

/** HTML escaping: every text the API answered passes through here before it reaches the page. */
final class Html {

    private Html() {
    }

    /** The text escaped for element content and quoted attribute values; {@code null} gives the empty string. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // control characters other than tab, line feed and carriage return are not allowed in HTML
                    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                        escaped.append('\uFFFD');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** The escaped text, or an em dash when it is empty. */
    static String orDash(String text) {
        return text == null || text.isEmpty() ? "&mdash;" : escape(text);
    }

    /** A table cell holding escaped text (an em dash when empty). */
    static String cell(String text) {
        return "<td>" + orDash(text) + "</td>";
    }

    /** A right-aligned table cell for a number given as a decimal string. */
    static String number(String decimal) {
        return "<td class=\"num\">" + orDash(decimal) + "</td>";
    }

    /** A definition list entry: an escaped term and a description that is already HTML. */
    static String entry(String term, String descriptionHtml) {
        return "<dt>" + escape(term) + "</dt><dd>" + descriptionHtml + "</dd>";
    }
}
