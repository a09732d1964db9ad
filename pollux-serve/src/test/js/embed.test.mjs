// embedContent through each SDK setup (the SDKs call :batchEmbedContents), checked against the
// REST :embedContent method, which no JS SDK uses.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MODEL, VARIANTS, assertSentTo, client, rest, sent } from './support.mjs';

const TEXTS = ['The cat sat on the mat.', 'A big red ball.'];

for (const variant of VARIANTS) {
  describe(`embed · ${variant.label}`, () => {
    const ai = client(variant);

    test('embedContent embeds each input like the REST method does', async () => {
      const from = sent.length;
      const response = await ai.models.embedContent({ model: MODEL, contents: TEXTS });
      assert.equal(response.embeddings.length, TEXTS.length);
      const [first, second] = response.embeddings.map((e) => e.values);
      assert.ok(first.length > 0);
      assert.equal(second.length, first.length);
      assert.ok(first.every(Number.isFinite));
      assert.notDeepEqual(first, second);
      assert.ok(sent.slice(from).some((r) => r.path.endsWith(':batchEmbedContents')));
      assertSentTo(variant, from);

      const single = await rest('POST', `/${variant.version}/models/${MODEL}:embedContent`,
        { content: { parts: [{ text: TEXTS[0] }] } });
      assert.equal(single.embedding.values.length, first.length);
      single.embedding.values.forEach((v, i) => assert.ok(Math.abs(v - first[i]) <= 1e-6, `value ${i}: ${v} vs ${first[i]}`));
    });
  });
}
