// The Gemini API calls the playground makes, against the server that served the page.
// No DOM here: every function takes plain values and returns plain values or throws ApiError.

import { sseJson } from './sse.js';

const VERSION = 'v1beta';

/** A refusal from the API (google.rpc.Status), or a failure to reach it. */
export class ApiError extends Error {
  constructor(httpStatus, status, message) {
    super(message);
    this.name = 'ApiError';
    this.httpStatus = httpStatus; // 0 when the server could not be reached
    this.status = status; // INVALID_ARGUMENT, NOT_FOUND…
  }

  /** "400 INVALID_ARGUMENT: API key not valid…", the way the playground shows errors. */
  describe() {
    const code = [this.httpStatus || '', this.status || ''].join(' ').trim();
    return code ? `${code}: ${this.message}` : this.message;
  }

  /** From the `error` object of an error body or stream event. */
  static fromStatus(error, httpStatus) {
    return new ApiError(error.code ?? httpStatus ?? 0, error.status ?? '', error.message ?? 'Unknown error.');
  }
}

/** A model resource name ("models/gemma") as a path, each segment escaped. */
function resourcePath(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

export class GeminiClient {
  /** @param {() => string} apiKey read at each call, so a changed key applies at once */
  constructor(apiKey) {
    this.apiKey = apiKey;
  }

  headers(extra = {}) {
    const key = this.apiKey();
    return key ? { 'x-goog-api-key': key, ...extra } : { ...extra };
  }

  /** fetch that turns network failures and non-2xx answers into ApiErrors. */
  async call(url, init = {}) {
    let response;
    try {
      response = await fetch(url, { ...init, headers: this.headers(init.headers) });
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, 'UNAVAILABLE', `Could not reach the server (${e.message}).`);
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }

  async json(url, init = {}) {
    const response = await this.call(url, init);
    return response.json();
  }

  post(url, body, signal) {
    return this.json(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
  }

  /** Every model, following nextPageToken. */
  async listModels() {
    const models = [];
    let pageToken = '';
    do {
      const query = new URLSearchParams({ pageSize: '1000' });
      if (pageToken) {
        query.set('pageToken', pageToken);
      }
      const page = await this.json(`/${VERSION}/models?${query}`);
      models.push(...(page.models ?? []));
      pageToken = page.nextPageToken ?? '';
    } while (pageToken);
    return models;
  }

  /** totalTokens of the request generateContent would get. */
  async countTokens(model, request, signal) {
    const body = { generateContentRequest: { model, ...request } };
    const answer = await this.post(`/${VERSION}/${resourcePath(model)}:countTokens`, body, signal);
    return answer.totalTokens ?? 0;
  }

  /**
   * Streams generateContent: yields each GenerateContentResponse chunk as it arrives.
   * An error event in the stream (sent after the 200) is thrown as an ApiError.
   * Aborting `signal` closes the connection, which makes the server cancel the generation.
   */
  async* streamGenerateContent(model, request, signal) {
    const response = await this.call(`/${VERSION}/${resourcePath(model)}:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal,
    });
    for await (const chunk of sseJson(response.body)) {
      if (chunk.error) {
        throw ApiError.fromStatus(chunk.error, response.status);
      }
      yield chunk;
    }
  }

  /**
   * Uploads a browser File with the resumable protocol (start, then one `upload, finalize`) and
   * returns the API's File resource.
   */
  async uploadFile(file, signal) {
    const mimeType = file.type || 'application/octet-stream';
    const start = await this.call(`/upload/${VERSION}/files`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Goog-Upload-Protocol': 'resumable',
        'X-Goog-Upload-Command': 'start',
        'X-Goog-Upload-Header-Content-Length': String(file.size),
        'X-Goog-Upload-Header-Content-Type': mimeType,
      },
      body: JSON.stringify({ file: { displayName: file.name, mimeType } }),
      signal,
    });
    const sessionUrl = start.headers.get('X-Goog-Upload-URL');
    if (!sessionUrl) {
      throw new ApiError(start.status, 'INTERNAL', 'The server started an upload but sent no X-Goog-Upload-URL.');
    }
    // The URL is built from the Host the server saw; keep only its path and query so the upload
    // goes to this page's origin (which the Content-Security-Policy allows) even behind a proxy.
    const session = new URL(sessionUrl, location.href);
    const finish = await this.call(session.pathname + session.search, {
      method: 'POST',
      headers: { 'X-Goog-Upload-Command': 'upload, finalize', 'X-Goog-Upload-Offset': '0' },
      body: file,
      signal,
    });
    const uploadStatus = finish.headers.get('X-Goog-Upload-Status');
    if (uploadStatus !== 'final') {
      throw new ApiError(finish.status, 'INTERNAL', `The upload did not finish (X-Goog-Upload-Status: ${uploadStatus}).`);
    }
    return (await finish.json()).file;
  }

  /** files.get, e.g. to wait for a PROCESSING file to become ACTIVE. */
  getFile(name, signal) {
    return this.json(`/${VERSION}/${resourcePath(name)}`, { signal });
  }
}

/** The ApiError an error response carries, or a readable one for a body that is not the API's JSON. */
async function errorOf(response) {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    // Errors of a JSON-array stream come wrapped in an array.
    const error = Array.isArray(body) ? body[0]?.error : body.error;
    if (error) {
      return ApiError.fromStatus(error, response.status);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const snippet = text.trim().slice(0, 300) || response.statusText || 'no details';
  return new ApiError(response.status, '', `The server answered ${response.status}: ${snippet}`);
}
