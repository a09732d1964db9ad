package org.pollux.serve.generate.prompt;

import java.util.List;
import java.util.Locale;

/**
 * Proto enums in JSON (API.md §1.5): the value's name, or its number (index in proto order).
 * Names are matched case-insensitively because clients differ.
 */
public final class ProtoEnums {
    private ProtoEnums() {}

    /**
     * The canonical name of {@code value} among {@code names} (proto order, so index = number);
     * null stays null; anything else is a 400 naming the field and the allowed values.
     */
    public static String parse(String path, String value, List<String> names) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(v);
                if (n < names.size()) {
                    return names.get(n);
                }
            } catch (NumberFormatException e) {
                // too long to be an index: falls through to the error
            }
        } else {
            String upper = v.toUpperCase(Locale.ROOT);
            if (names.contains(upper)) {
                return upper;
            }
        }
        throw Invalid.at(path, "Invalid value \"" + value + "\"; expected one of " + String.join(", ", names) + ".");
    }
}
