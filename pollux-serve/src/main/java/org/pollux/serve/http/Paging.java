package org.pollux.serve.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.pollux.serve.api.ApiException;

/**
 * List paging ({@code pageSize}, {@code pageToken} → {@code nextPageToken}). A token encodes the
 * offset of the next item; it is opaque to clients and checked when it comes back.
 */
public final class Paging {
    private Paging() {}

    /** One page of a list and the token of the next one ("" when this is the last). */
    public record Page<T>(List<T> items, String nextPageToken) {}

    /**
     * @param pageSize the query value, or null for {@code defaultSize}; sizes above {@code maxSize} are capped
     */
    public static <T> Page<T> page(List<T> all, String pageSize, String pageToken, int defaultSize, int maxSize) {
        int size = defaultSize;
        if (pageSize != null && !pageSize.isEmpty()) {
            try {
                size = Integer.parseInt(pageSize);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("Invalid value at 'page_size' (TYPE_INT32), \"" + pageSize + "\"");
            }
            if (size < 0) {
                throw ApiException.invalid("page_size must not be negative, got " + size);
            }
            if (size == 0) {
                size = defaultSize;
            }
        }
        size = Math.min(size, maxSize);
        int from = pageToken == null || pageToken.isEmpty() ? 0 : offset(pageToken);
        if (from > all.size()) {
            throw ApiException.invalid("Invalid page_token: it points past the end of the list.");
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? token(to) : "";
        return new Page<>(List.copyOf(all.subList(from, to)), next);
    }

    static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + offset).getBytes(StandardCharsets.US_ASCII));
    }

    static int offset(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            if (!s.startsWith("o")) {
                throw new IllegalArgumentException("prefix");
            }
            int offset = Integer.parseInt(s.substring(1));
            if (offset < 0) {
                throw new IllegalArgumentException("negative");
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Invalid page_token \"" + token + "\".");
        }
    }
}
