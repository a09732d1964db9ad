// How refusals reach SDK users: ApiError with the HTTP status and the API's message.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MODEL, VARIANTS, apiError, client } from './support.mjs';

for (const variant of VARIANTS) {
  describe(`errors · ${variant.label}`, () => {
    test('a wrong key is 400 API_KEY_INVALID', async () => {
      const e = await apiError(variant, 400, () => client(variant, 'not-the-key').models.get({ model: MODEL }));
      assert.match(e.message, /API key not valid/);
      assert.match(e.message, /API_KEY_INVALID/);
    });

    test('an unknown model is 404 NOT_FOUND', async () => {
      const e = await apiError(variant, 404, () => client(variant).models.generateContent({ model: 'no-such-model', contents: 'hi' }));
      assert.match(e.message, /NOT_FOUND/);
      assert.match(e.message, /models\/no-such-model is not found/);
    });

    test('a request the model cannot run is 400 INVALID_ARGUMENT', async () => {
      const e = await apiError(variant, 400, () => client(variant).models.generateContent({
        model: MODEL, contents: 'hi', config: { temperature: 5 },
      }));
      assert.match(e.message, /INVALID_ARGUMENT/);
      assert.match(e.message, /temperature/);
    });
  });
}
