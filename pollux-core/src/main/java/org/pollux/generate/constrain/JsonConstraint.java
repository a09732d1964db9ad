package org.pollux.generate.constrain;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.pollux.generate.TokenConstraint;
import org.pollux.tokenizer.Tokenizer;

/**
 * Constrains a generation to one JSON document valid for a {@link JsonSchema}: before each token,
 * every token whose bytes cannot continue a valid document is masked out.
 *
 * <p>The mask walks the vocabulary's byte trie depth first, carrying the recognizer state, so a
 * dead prefix prunes every token below it; inside plain string content it allows the plain tokens
 * by a length check and walks only the small trie of the others (see {@link TokenVocabulary}).
 *
 * <p>End tokens (EOS, end of turn) are allowed only where the document may end but could also
 * go on (a top-level number); elsewhere the document ends by itself when its last byte is read.
 * One instance follows one generation.
 */
public final class JsonConstraint implements TokenConstraint {
    private final TokenVocabulary vocab;
    private final Set<Integer> endTokens;
    private final boolean[] allowed;
    private JsonRecognizer state;
    private boolean ended;

    /**
     * @param endTokens ids that may end the output where it is complete but extendable; only
     *     tokens without text (control tokens) are used, others are ignored
     */
    public JsonConstraint(JsonSchema schema, TokenVocabulary vocab, Collection<Integer> endTokens) {
        this.vocab = vocab;
        this.state = schema.recognizer();
        Set<Integer> ends = new HashSet<>();
        for (int id : endTokens) {
            if (id >= 0 && id < vocab.size && vocab.bytes[id] == null) {
                ends.add(id);
            }
        }
        this.endTokens = Set.copyOf(ends);
        this.allowed = new boolean[vocab.size];
    }

    /** A constraint for {@code tokenizer} (its vocabulary is cached), ending on its EOS where needed. */
    public static JsonConstraint of(JsonSchema schema, Tokenizer tokenizer, Collection<Integer> endTokens) {
        Set<Integer> ends = new HashSet<>(endTokens);
        ends.add(tokenizer.eosId());
        return new JsonConstraint(schema, TokenVocabulary.of(tokenizer), ends);
    }

    @Override
    public void mask(float[] logits, int vocabSize) {
        if (isComplete()) {
            throw new IllegalStateException("the JSON document is complete: nothing may follow");
        }
        Arrays.fill(allowed, false);
        StringFrame[] strings = state.stringContent();
        if (strings != null) {
            int budget = -1;
            // An undeclared key keeps one character in reserve (its last must make a free name):
            // tokens that would use that character are checked one by one below.
            int checked = -1;
            for (StringFrame f : strings) {
                CharDfa p = f.spec().pattern;
                if (p == null) {
                    budget = Math.max(budget, f.freeBudget());
                    if (f.forbidden() != null) {
                        checked = Math.max(checked, f.freeBudget() + 1);
                    }
                } else {
                    walkPattern(vocab.plain, 0, p, f.state(), f.count(), f.spec().maxLength, 0, 0);
                }
            }
            int i = 0;
            for (; i < vocab.plainByLength.length && vocab.plainLength[i] <= budget; i++) {
                allowed[vocab.plainByLength[i]] = true;
            }
            for (; i < vocab.plainByLength.length && vocab.plainLength[i] <= checked; i++) {
                int t = vocab.plainByLength[i];
                if (!allowed[t] && state.advance(vocab.bytes(t)) != null) {
                    allowed[t] = true;
                }
            }
            walk(vocab.special, 0, state);
        } else {
            walk(vocab.all, 0, state);
        }
        if (state.canEnd()) {
            for (int id : endTokens) {
                allowed[id] = true;
            }
        }
        int n = Math.min(vocabSize, vocab.size);
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (allowed[i]) {
                any = true;
            } else {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
        for (int i = n; i < vocabSize; i++) {
            logits[i] = Float.NEGATIVE_INFINITY;
        }
        if (!any) {
            throw new IllegalStateException("no token among the first " + vocabSize
                    + " can continue the JSON document (the vocabulary lacks single-byte tokens?)");
        }
    }

    /** Marks every token below {@code node} whose bytes keep the document valid. */
    private void walk(TokenTrie trie, int node, JsonRecognizer at) {
        int first = trie.firstChild[node];
        for (int c = first; c < first + trie.childCount[node]; c++) {
            JsonRecognizer next = at.advance(trie.edge[c] & 0xFF);
            if (next == null) {
                continue;
            }
            for (int t = trie.tokenStart[c]; t < trie.tokenEnd[c]; t++) {
                allowed[trie.tokens[t]] = true;
            }
            if (trie.childCount[c] > 0) {
                walk(trie, c, next);
            }
        }
    }

    /**
     * Marks the plain tokens below {@code node} that keep a pattern string valid, carrying only the
     * automaton state, the character count and the UTF-8 decoding state (plain tokens are whole,
     * valid UTF-8 without quotes, backslashes or control characters, so nothing else can fail).
     */
    private void walkPattern(TokenTrie trie, int node, CharDfa dfa, int s, int count, int maxLength, int cp, int need) {
        int first = trie.firstChild[node];
        for (int c = first; c < first + trie.childCount[node]; c++) {
            int b = trie.edge[c] & 0xFF;
            int nextState = s;
            int nextCount = count;
            int nextCp;
            int nextNeed;
            if (need == 0 && b >= 0x80) {
                nextNeed = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
                nextCp = b & (0x3F >> nextNeed);
            } else {
                nextCp = need == 0 ? b : (cp << 6) | (b & 0x3F);
                nextNeed = need == 0 ? 0 : need - 1;
                if (nextNeed == 0) {
                    nextCount = count + 1;
                    if (nextCount > maxLength) {
                        continue;
                    }
                    nextState = dfa.step(s, nextCp);
                    if (nextState < 0 || !dfa.viable(nextState, nextCount)) {
                        continue;
                    }
                    nextCp = 0;
                    for (int t = trie.tokenStart[c]; t < trie.tokenEnd[c]; t++) {
                        allowed[trie.tokens[t]] = true;
                    }
                }
            }
            if (trie.childCount[c] > 0) {
                walkPattern(trie, c, dfa, nextState, nextCount, maxLength, nextCp, nextNeed);
            }
        }
    }

    @Override
    public void accept(int token) {
        if (endTokens.contains(token) && state.canEnd()) {
            ended = true;
            return;
        }
        byte[] b = vocab.bytes(token);
        JsonRecognizer next = b == null ? null : state.advance(b);
        if (next == null) {
            throw new IllegalArgumentException("token " + token + " cannot continue the JSON document here");
        }
        state = next;
    }

    @Override
    public boolean isComplete() {
        return ended || state.isComplete();
    }

    /**
     * The shortest text completing the document. The generator appends it after the text so far;
     * if the last token stopped inside a multi-byte character, that character's bytes are not
     * part of the text so far (the generator drops them) and the completion follows the
     * characters before it.
     */
    @Override
    public String completion() {
        return ended ? "" : state.completion();
    }

    /** The recognizer state (for tests). */
    JsonRecognizer state() {
        return state;
    }
}
