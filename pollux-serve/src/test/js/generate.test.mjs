// generateContent, generateContentStream and countTokens through each SDK setup. Greedy decoding
// (temperature 0) makes the model deterministic, so the three calls can be checked against each other.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MODEL, VARIANTS, assertSentTo, client, sent } from './support.mjs';

const PROMPT = 'Once upon a time';
const GREEDY = { temperature: 0, maxOutputTokens: 16 };
const CONVERSATION = [
  { role: 'user', parts: [{ text: 'Tell me about a cat.' }] },
  { role: 'model', parts: [{ text: 'The cat was big and fluffy.' }] },
  { role: 'user', parts: [{ text: 'What did the cat do?' }] },
];

function assertUsageAddsUp(usage) {
  assert.ok(usage.promptTokenCount > 0, JSON.stringify(usage));
  assert.equal(usage.totalTokenCount,
    usage.promptTokenCount + (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0), JSON.stringify(usage));
}

for (const variant of VARIANTS) {
  describe(`generate · ${variant.label}`, () => {
    const ai = client(variant);

    test('generateContent answers with text, a finish reason and usage', async () => {
      const from = sent.length;
      const response = await ai.models.generateContent({ model: MODEL, contents: PROMPT, config: GREEDY });
      assert.ok(response.text.length > 0);
      const candidate = response.candidates[0];
      assert.equal(candidate.content.role, 'model');
      assert.ok(['STOP', 'MAX_TOKENS'].includes(candidate.finishReason), candidate.finishReason);
      assertUsageAddsUp(response.usageMetadata);
      assert.ok(response.usageMetadata.candidatesTokenCount <= GREEDY.maxOutputTokens);
      const again = await ai.models.generateContent({ model: MODEL, contents: PROMPT, config: GREEDY });
      assert.equal(again.text, response.text, 'greedy decoding is deterministic');
      assertSentTo(variant, from);
    });

    test('systemInstruction and a multi-turn conversation change the prompt', async () => {
      const plain = await ai.models.generateContent({ model: MODEL, contents: CONVERSATION, config: GREEDY });
      const withSystem = await ai.models.generateContent({
        model: MODEL, contents: CONVERSATION, config: { ...GREEDY, systemInstruction: 'You tell stories about animals.' },
      });
      const lastTurnOnly = await ai.models.generateContent({ model: MODEL, contents: CONVERSATION.slice(2), config: GREEDY });
      assert.ok(withSystem.usageMetadata.promptTokenCount > plain.usageMetadata.promptTokenCount);
      assert.ok(plain.usageMetadata.promptTokenCount > lastTurnOnly.usageMetadata.promptTokenCount);
    });

    test('generateContentStream sends the same reply in several chunks', async () => {
      const from = sent.length;
      const whole = await ai.models.generateContent({ model: MODEL, contents: PROMPT, config: GREEDY });
      const chunks = [];
      for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: PROMPT, config: GREEDY })) {
        chunks.push(chunk);
      }
      assert.ok(chunks.length >= 2, `only ${chunks.length} chunk(s)`);
      assert.equal(chunks.map((c) => c.text ?? '').join(''), whole.text);
      const reasons = chunks.map((c) => c.candidates?.[0]?.finishReason);
      assert.deepEqual(reasons.slice(0, -1).filter(Boolean), [], 'finishReason only on the last chunk');
      assert.equal(reasons.at(-1), whole.candidates[0].finishReason);
      // usageMetadata is cumulative: it never shrinks and ends at the non-streamed totals.
      let output = 0;
      for (const chunk of chunks) {
        const count = chunk.usageMetadata?.candidatesTokenCount ?? 0;
        assert.ok(count >= output, 'candidatesTokenCount went down');
        output = count;
      }
      assert.deepEqual(chunks.at(-1).usageMetadata, whole.usageMetadata);
      assert.ok(sent.slice(from).some((r) => r.path.endsWith(':streamGenerateContent') && r.search === '?alt=sse'));
      assertSentTo(variant, from);
    });

    test('countTokens equals the promptTokenCount of generateContent', async () => {
      const from = sent.length;
      for (const contents of [PROMPT, CONVERSATION]) {
        const counted = await ai.models.countTokens({ model: MODEL, contents });
        const generated = await ai.models.generateContent({ model: MODEL, contents, config: { ...GREEDY, maxOutputTokens: 1 } });
        assert.ok(counted.totalTokens > 0);
        assert.equal(counted.totalTokens, generated.usageMetadata.promptTokenCount);
      }
      assertSentTo(variant, from);
    });
  });
}
