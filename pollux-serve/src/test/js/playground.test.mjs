// The playground's pure modules (served to browsers from src/main/resources) under Node:
// SSE framing, request building from form values, and reply assembly from streamed chunks.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventData, splitEvents, sseJson } from '../../main/resources/org/pollux/serve/playground/sse.js';
import { readSettings, userTurn } from '../../main/resources/org/pollux/serve/playground/request.js';
import { Reply } from '../../main/resources/org/pollux/serve/playground/reply.js';

function byteStream(pieces) {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) {
        controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
      }
      controller.close();
    },
  });
}

async function collect(stream) {
  const out = [];
  for await (const event of sseJson(stream)) {
    out.push(event);
  }
  return out;
}

describe('sse.js', () => {
  test('splits events on LF, CRLF and CR blank lines and keeps the tail', () => {
    assert.deepEqual(splitEvents('data: 1\n\ndata: 2\r\n\r\ndata: 3\r\rdata: 4'),
      { events: ['data: 1', 'data: 2', 'data: 3'], rest: 'data: 4' });
    assert.deepEqual(splitEvents('data: 1\r\n\r'), { events: [], rest: 'data: 1\r\n\r' });
  });

  test('reads data lines, joining several and skipping comments', () => {
    assert.equal(eventData('data: {"a":1}'), '{"a":1}');
    assert.equal(eventData('data:{"a":1}'), '{"a":1}');
    assert.equal(eventData('event: x\ndata: a\ndata: b'), 'a\nb');
    assert.equal(eventData(': keep-alive'), null);
  });

  test('every way of cutting the bytes gives the same events', async () => {
    const events = [{ n: 1, text: 'héllo ✓' }, { n: 2, text: 'a\nb' }, { error: { code: 503 } }];
    const wire = events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join('');
    const bytes = new TextEncoder().encode(wire);
    // Cuts at every position, including inside multi-byte characters and inside "\r\n\r\n".
    for (let cut = 1; cut < bytes.length; cut++) {
      const got = await collect(byteStream([bytes.slice(0, cut), bytes.slice(cut)]));
      assert.deepEqual(got, events, `cut at byte ${cut}`);
    }
    const oneByteAtATime = [...bytes].map((b) => Uint8Array.of(b));
    assert.deepEqual(await collect(byteStream(oneByteAtATime)), events);
  });

  test('a last event without its blank line still arrives; bad JSON is named', async () => {
    assert.deepEqual(await collect(byteStream(['data: {"a":1}\n\ndata: {"b":2}'])), [{ a: 1 }, { b: 2 }]);
    await assert.rejects(collect(byteStream(['data: {oops\n\n'])), /not JSON.*\{oops/);
  });
});

describe('request.js', () => {
  const empty = { system: '', temperature: '', topP: '', topK: '', maxOutputTokens: '', seed: '', stopSequences: '', jsonMode: false, jsonSchema: '' };

  test('empty fields are left out, so the model defaults apply', () => {
    assert.deepEqual(readSettings(empty), { settings: { generationConfig: {} }, errors: [] });
  });

  test('every field maps to its GenerationConfig name', () => {
    const { settings, errors } = readSettings({
      ...empty, system: 'Be brief.', temperature: '0.7', topP: ' 0.9 ', topK: '40', maxOutputTokens: '128', seed: '-3',
      stopSequences: 'END\r\n\n two words', jsonMode: true, jsonSchema: '{"type":"object"}',
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(settings, {
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: {
        temperature: 0.7, topP: 0.9, topK: 40, maxOutputTokens: 128, seed: -3,
        stopSequences: ['END', ' two words'],
        responseMimeType: 'application/json', responseJsonSchema: { type: 'object' },
      },
    });
  });

  test('values that cannot be sent name their field', () => {
    const { settings, errors } = readSettings({ ...empty, temperature: 'hot', topK: '2.5', jsonMode: true, jsonSchema: '{"type":' });
    assert.deepEqual(errors.map((e) => e.field), ['temperature', 'topK', 'jsonSchema']);
    assert.match(errors[0].message, /Temperature must be a number/);
    assert.match(errors[1].message, /Top K must be a whole number/);
    assert.match(errors[2].message, /not valid JSON/);
    assert.deepEqual(settings.generationConfig, { responseMimeType: 'application/json' });
    assert.deepEqual(readSettings({ ...empty, jsonMode: true, jsonSchema: '[1]' }).errors.map((e) => e.field), ['jsonSchema']);
    // The schema only counts in JSON mode.
    assert.deepEqual(readSettings({ ...empty, jsonSchema: '{oops' }).errors, []);
  });

  test('a user turn puts files before the text, and is null when empty', () => {
    assert.equal(userTurn('   '), null);
    assert.deepEqual(userTurn('Describe it.', [{ mimeType: 'text/plain', uri: 'http://h/v1beta/files/abc' }]), {
      role: 'user',
      parts: [{ fileData: { mimeType: 'text/plain', fileUri: 'http://h/v1beta/files/abc' } }, { text: 'Describe it.' }],
    });
  });
});

describe('reply.js', () => {
  const chunk = (parts, extra = {}) => ({
    candidates: [{ index: 0, content: { role: 'model', parts }, ...extra.candidate }],
    usageMetadata: extra.usage,
  });

  test('text deltas join into one part; usage and finish reason come from the latest chunks', () => {
    const reply = new Reply();
    assert.deepEqual(reply.add(chunk([{ text: 'Once' }], { usage: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 } })), [{ text: 'Once' }]);
    reply.add(chunk([{ text: ' upon' }], { usage: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 } }));
    reply.add(chunk([{ text: ' a time' }], { candidate: { finishReason: 'MAX_TOKENS' }, usage: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7 } }));
    assert.equal(reply.text(), 'Once upon a time');
    assert.deepEqual(reply.content(), { role: 'model', parts: [{ text: 'Once upon a time' }] });
    assert.equal(reply.summary(), 'MAX_TOKENS · 3 prompt + 4 output = 7 tokens');
  });

  test('thoughts, calls and signatures stay separate parts', () => {
    const reply = new Reply();
    reply.add(chunk([{ text: 'Let me think', thought: true }]));
    reply.add(chunk([{ text: '.', thought: true, thoughtSignature: 'c2ln' }]));
    reply.add(chunk([{ text: 'Calling.' }]));
    reply.add(chunk([{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'c2lnMg' }], { candidate: { finishReason: 'STOP' } }));
    assert.deepEqual(reply.content().parts, [
      { text: 'Let me think.', thought: true, thoughtSignature: 'c2ln' },
      { text: 'Calling.' },
      { functionCall: { name: 'f', args: {} }, thoughtSignature: 'c2lnMg' },
    ]);
    assert.equal(reply.text(), 'Calling.');
  });

  test('a blocked prompt has no parts and says why', () => {
    const reply = new Reply();
    reply.add({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } });
    assert.deepEqual(reply.parts, []);
    assert.equal(reply.summary(), 'Blocked: PROHIBITED_CONTENT · 5 prompt + 0 output = 5 tokens');
  });
});
