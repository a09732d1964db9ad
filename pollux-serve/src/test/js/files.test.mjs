// files.upload / get / list / delete through each SDK setup. The big file is over the SDK's 8 MiB
// chunk, so the resumable upload takes two requests: `upload`, then `upload, finalize`.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { VARIANTS, apiError, assertSentTo, client, sent } from './support.mjs';

const BIG = 9 * 1024 * 1024 + 7;

function pattern(size, seed) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = 32 + ((i * 31 + seed) % 95); // printable ASCII, so text/plain is honest
  }
  return bytes;
}

for (const variant of VARIANTS) {
  describe(`files · ${variant.label}`, () => {
    const ai = client(variant);

    test('a 9 MiB upload takes two chunks and is stored byte for byte', async () => {
      const bytes = pattern(BIG, 1);
      const from = sent.length;
      const file = await ai.files.upload({
        file: new Blob([bytes], { type: 'text/plain' }),
        config: { mimeType: 'text/plain', displayName: 'nine-mib' },
      });
      const commands = sent.slice(from).map((r) => r.headers.get('x-goog-upload-command')).filter(Boolean);
      assert.deepEqual(commands, ['start', 'upload', 'upload, finalize']);
      assertSentTo(variant, from);
      try {
        assert.match(file.name, /^files\/[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
        assert.equal(file.displayName, 'nine-mib');
        assert.equal(file.mimeType, 'text/plain');
        assert.equal(file.sizeBytes, String(BIG));
        assert.equal(file.state, 'ACTIVE');
        assert.equal(file.sha256Hash, createHash('sha256').update(bytes).digest('base64'));
        const got = await ai.files.get({ name: file.name });
        assert.equal(got.name, file.name);
        assert.equal(got.sizeBytes, String(BIG));
        assert.equal(got.uri, file.uri);
      } finally {
        await ai.files.delete({ name: file.name });
      }
      await apiError(variant, 404, () => ai.files.get({ name: file.name }));
    });

    test('files.list pages through the uploads, and deleted files leave the list', async () => {
      const uploaded = [];
      for (const i of [1, 2, 3]) {
        uploaded.push(await ai.files.upload({
          file: new Blob([pattern(100 + i, i)], { type: 'text/plain' }),
          config: { mimeType: 'text/plain', displayName: `small-${i}` },
        }));
      }
      const names = uploaded.map((f) => f.name);
      const from = sent.length;
      const listed = [];
      for await (const file of await ai.files.list({ config: { pageSize: 2 } })) {
        listed.push(file.name);
      }
      assertSentTo(variant, from);
      assert.ok(sent.slice(from).filter((r) => r.path.endsWith('/files')).length >= 2, 'listing 3+ files 2 at a time takes 2+ pages');
      for (const name of names) {
        assert.ok(listed.includes(name), `${name} not in ${listed}`);
      }
      assert.equal(new Set(listed).size, listed.length, 'a file listed twice');

      await ai.files.delete({ name: names[0] });
      const after = [];
      for await (const file of await ai.files.list({ config: { pageSize: 100 } })) {
        after.push(file.name);
      }
      assert.ok(!after.includes(names[0]));
      assert.ok(after.includes(names[1]) && after.includes(names[2]));
      await ai.files.delete({ name: names[1] });
      await ai.files.delete({ name: names[2] });
    });
  });
}
