// Server-sent events from streamGenerateContent?alt=sse, read from a fetch body.
// The Gemini API sends one `data:` line per event, events separated by a blank line (LF or CRLF),
// and no [DONE] sentinel: the stream simply ends. Pure functions, no DOM, so Node can test them.

const EVENT_END = /\r\n\r\n|\n\n|\r\r/;

/**
 * Splits complete events off the front of `buffer`.
 * Returns {events: [text of each event], rest: the incomplete tail to keep for the next chunk}.
 */
export function splitEvents(buffer) {
  const events = [];
  let rest = buffer;
  for (let m = EVENT_END.exec(rest); m !== null; m = EVENT_END.exec(rest)) {
    events.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return { events, rest };
}

/**
 * The data of one event: its `data:` lines joined with "\n" (as the SSE standard says), or null
 * for an event without data (a comment or a keep-alive).
 */
export function eventData(event) {
  const lines = event.split(/\r\n|\n|\r/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).replace(/^ /, ''));
  return lines.length === 0 ? null : lines.join('\n');
}

/**
 * Yields the parsed JSON of each event of a byte stream (a fetch Response body) as it arrives.
 * A final event without its blank line is still delivered when the stream ends.
 * Malformed JSON throws a SyntaxError that names the event.
 */
export async function* sseJson(byteStream) {
  const reader = byteStream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        break;
      }
      const { events, rest } = splitEvents(buffer + value);
      buffer = rest;
      for (const event of events) {
        const parsed = parseEvent(event);
        if (parsed !== undefined) {
          yield parsed;
        }
      }
    }
    const last = parseEvent(buffer);
    if (last !== undefined) {
      yield last;
    }
  } finally {
    // Stopping early (an abort, a consumer that breaks) must release the connection.
    reader.cancel().catch(() => {});
  }
}

function parseEvent(event) {
  const data = eventData(event);
  if (data === null || data.trim() === '') {
    return undefined;
  }
  try {
    return JSON.parse(data);
  } catch (e) {
    throw new SyntaxError(`The server sent an event that is not JSON (${e.message}): ${data.slice(0, 200)}`);
  }
}
