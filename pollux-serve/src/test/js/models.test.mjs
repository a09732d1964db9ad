// models.list and models.get through each SDK setup.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MODEL, VARIANTS, assertSentTo, client, sent } from './support.mjs';

for (const variant of VARIANTS) {
  describe(`models · ${variant.label}`, () => {
    const ai = client(variant);

    test('models.list pages through the served models', async () => {
      const from = sent.length;
      const names = [];
      for await (const model of await ai.models.list({ config: { pageSize: 1 } })) {
        names.push(model.name);
      }
      assert.ok(names.includes(`models/${MODEL}`), `${names}`);
      assert.equal(new Set(names).size, names.length, 'a model listed twice');
      assertSentTo(variant, from);
    });

    test('models.get returns the model resource', async () => {
      const from = sent.length;
      const model = await ai.models.get({ model: MODEL });
      assert.equal(model.name, `models/${MODEL}`);
      assert.ok(model.inputTokenLimit > 0);
      assert.ok(model.outputTokenLimit > 0);
      // The JS SDK renames supportedGenerationMethods to supportedActions.
      assert.ok(model.supportedActions.includes('generateContent'), `${model.supportedActions}`);
      assertSentTo(variant, from);
    });
  });
}
