// One model reply assembled from the chunks of a streamed generateContent (API.md §1.3): every
// chunk carries *delta* parts, cumulative usageMetadata, and the finishReason only at the end.
// Pure, no DOM, so Node can test it.

export class Reply {
  constructor() {
    this.parts = [];
    this.finishReason = null;
    this.finishMessage = null;
    this.usage = null;
    this.blockReason = null;
  }

  /** Takes one chunk in; returns the parts it added, for rendering. */
  add(chunk) {
    if (chunk.usageMetadata) {
      this.usage = chunk.usageMetadata; // cumulative: the latest is the total so far
    }
    if (chunk.promptFeedback?.blockReason) {
      this.blockReason = chunk.promptFeedback.blockReason;
    }
    const candidate = chunk.candidates?.[0];
    if (!candidate) {
      return [];
    }
    if (candidate.finishReason) {
      this.finishReason = candidate.finishReason;
    }
    if (candidate.finishMessage) {
      this.finishMessage = candidate.finishMessage;
    }
    const added = candidate.content?.parts ?? [];
    for (const part of added) {
      this.merge(part);
    }
    return added;
  }

  /** Text deltas of the same kind (thought or answer) join one part, as the model meant them. */
  merge(part) {
    const last = this.parts.at(-1);
    const isText = (p) => typeof p.text === 'string' && Object.keys(p).every((k) => ['text', 'thought', 'thoughtSignature'].includes(k));
    if (last && isText(last) && isText(part) && !last.thoughtSignature && Boolean(last.thought) === Boolean(part.thought)) {
      last.text += part.text;
      if (part.thoughtSignature) {
        last.thoughtSignature = part.thoughtSignature;
      }
    } else {
      this.parts.push({ ...part });
    }
  }

  /** The answer's text, without thoughts. */
  text() {
    return this.parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text).join('');
  }

  /** The reply as a turn of the conversation, to send back with the next request. */
  content() {
    return { role: 'model', parts: this.parts.map((p) => ({ ...p })) };
  }

  /** "STOP · 12 prompt + 30 output = 42 tokens", the line shown under a finished reply. */
  summary() {
    const pieces = [];
    if (this.blockReason) {
      pieces.push(`Blocked: ${this.blockReason}`);
    }
    if (this.finishReason) {
      pieces.push(this.finishReason);
    }
    const u = this.usage;
    if (u) {
      let tokens = `${u.promptTokenCount ?? 0} prompt`;
      if (u.cachedContentTokenCount) {
        tokens += ` (${u.cachedContentTokenCount} cached)`;
      }
      tokens += ` + ${u.candidatesTokenCount ?? 0} output`;
      if (u.thoughtsTokenCount) {
        tokens += ` + ${u.thoughtsTokenCount} thinking`;
      }
      pieces.push(`${tokens} = ${u.totalTokenCount ?? 0} tokens`);
    }
    return pieces.join(' · ');
  }
}
