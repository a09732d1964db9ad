// What every SDK test shares: the server address and key (from the environment JsSdkTest sets),
// the three client setups under test, and a record of the HTTP requests the SDKs send.

import assert from 'node:assert/strict';
import * as genai2 from 'genai2';
import * as genai3 from 'genai3';

if (!process.env.BASE_URL && !process.env.PORT) {
  throw new Error('Set BASE_URL (or PORT) to a running Pollux server, and API_KEY to its key.');
}
export const BASE_URL = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT}`;
export const API_KEY = process.env.API_KEY ?? 'test-key';
export const MODEL = process.env.MODEL ?? 'stories260k';

/**
 * The clients under test: 2.x pinned to v1beta, 3.x pinned to v1beta, and 3.x on its default
 * version, v1 (API.md §1.1), which proves the server's /v1 aliases.
 */
export const VARIANTS = [
  { label: '@google/genai 2.32.0, v1beta', sdk: genai2, apiVersion: 'v1beta', version: 'v1beta' },
  { label: '@google/genai 3.1.0, v1beta', sdk: genai3, apiVersion: 'v1beta', version: 'v1beta' },
  { label: '@google/genai 3.1.0, default version (v1)', sdk: genai3, apiVersion: undefined, version: 'v1' },
];

export function client(variant, apiKey = API_KEY) {
  const httpOptions = { baseUrl: BASE_URL };
  if (variant.apiVersion) {
    httpOptions.apiVersion = variant.apiVersion;
  }
  return new variant.sdk.GoogleGenAI({ apiKey, httpOptions });
}

/** Every request the SDKs sent in this process: {method, path, search, headers}. */
export const sent = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init = {}) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  sent.push({ method: init.method ?? 'GET', path: url.pathname, search: url.search, headers: new Headers(init.headers) });
  return realFetch(input, init);
};

/** Asserts that the requests sent since index `from` all went to the variant's API version. */
export function assertSentTo(variant, from) {
  const paths = sent.slice(from).map((r) => r.path);
  assert.ok(paths.length > 0, 'no request was sent');
  for (const path of paths) {
    assert.ok(path.startsWith(`/${variant.version}/`) || path.startsWith(`/upload/${variant.version}/`),
      `${path} is not under /${variant.version}`);
  }
}

/** Runs `action` and returns the ApiError it must throw, after checking its HTTP status. */
export async function apiError(variant, status, action) {
  try {
    await action();
  } catch (e) {
    assert.ok(e instanceof variant.sdk.ApiError, `expected an ApiError, got ${e}`);
    assert.equal(e.status, status, e.message);
    return e;
  }
  assert.fail(`expected an ApiError with status ${status}`);
}

/** A raw REST call (for cross-checks that no SDK makes). */
export async function rest(method, path, body) {
  const response = await realFetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'x-goog-api-key': API_KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  assert.equal(response.status, 200, JSON.stringify(json));
  return json;
}
