// caches.create / get / list / update / delete, and generation that continues a cache, through
// each SDK setup. With greedy decoding a cached prefix must give exactly the inline answer.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MODEL, VARIANTS, apiError, assertSentTo, client, sent } from './support.mjs';

const STORY = 'Once upon a time there was a little girl named Lily. She had a red ball. '
  + 'Every day she played with the ball in the park with her dog, Max.';
const QUESTION = 'What did Lily have?';
const GREEDY = { temperature: 0, maxOutputTokens: 12 };

/** A ttl counts from when the server got the request, somewhere between `before` and `after` (same clock). */
function assertExpiresIn(cache, ttlMs, before, after) {
  const expires = Date.parse(cache.expireTime);
  const slack = 1_000; // timestamps may be truncated to the second
  assert.ok(expires >= before + ttlMs - slack && expires <= after + ttlMs + slack,
    `expireTime ${cache.expireTime} is not ${ttlMs} ms after the request (sent ${new Date(before).toISOString()})`);
}

for (const variant of VARIANTS) {
  describe(`caches · ${variant.label}`, () => {
    const ai = client(variant);

    test('a cache is created, read, listed, extended, used and deleted', async () => {
      const from = sent.length;
      const beforeCreate = Date.now();
      const cache = await ai.caches.create({
        model: MODEL,
        config: { contents: [{ role: 'user', parts: [{ text: STORY }] }], ttl: '300s', displayName: 'lily' },
      });
      try {
        assert.match(cache.name, /^cachedContents\//);
        assert.equal(cache.model, `models/${MODEL}`);
        assert.equal(cache.displayName, 'lily');
        assert.ok(cache.usageMetadata.totalTokenCount > 0);
        assertExpiresIn(cache, 300_000, beforeCreate, Date.now());

        const got = await ai.caches.get({ name: cache.name });
        assert.equal(got.name, cache.name);
        assert.equal(got.expireTime, cache.expireTime);

        const listed = [];
        for await (const c of await ai.caches.list({ config: { pageSize: 10 } })) {
          listed.push(c.name);
        }
        assert.ok(listed.includes(cache.name), `${listed}`);

        const beforeUpdate = Date.now();
        const updated = await ai.caches.update({ name: cache.name, config: { ttl: '600s' } });
        assertExpiresIn(updated, 600_000, beforeUpdate, Date.now());

        const cached = await ai.models.generateContent({
          model: MODEL, contents: QUESTION, config: { ...GREEDY, cachedContent: cache.name },
        });
        const inline = await ai.models.generateContent({
          model: MODEL,
          contents: [{ role: 'user', parts: [{ text: STORY }] }, { role: 'user', parts: [{ text: QUESTION }] }],
          config: GREEDY,
        });
        assert.equal(cached.text, inline.text);
        assert.equal(cached.usageMetadata.promptTokenCount, inline.usageMetadata.promptTokenCount);
        assert.equal(cached.usageMetadata.cachedContentTokenCount, cache.usageMetadata.totalTokenCount);
        assertSentTo(variant, from);
      } finally {
        await ai.caches.delete({ name: cache.name });
      }
      await apiError(variant, 404, () => ai.caches.get({ name: cache.name }));
    });
  });
}
