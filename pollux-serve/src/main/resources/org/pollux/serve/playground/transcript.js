// The conversation as the page shows it. Text only ever goes in through textContent: nothing the
// model or the user writes is parsed as HTML (the Content-Security-Policy enforces this too).

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

export class Transcript {
  constructor(container) {
    this.container = container;
    this.emptyState = container.querySelector('.empty-state');
  }

  clear() {
    this.container.replaceChildren(this.emptyState);
    this.emptyState.hidden = false;
  }

  /** Marks the log busy while a reply streams, so screen readers read it once it is complete. */
  setBusy(busy) {
    this.container.setAttribute('aria-busy', String(busy));
  }

  turn(role, label) {
    this.emptyState.hidden = true;
    const article = element('article', `turn ${role}`);
    article.setAttribute('aria-label', label);
    article.append(element('h3', 'turn-role', label));
    this.container.append(article);
    return article;
  }

  /** The user's turn: the files they attached, then their text. Returns it, to mark it failed later. */
  addUserTurn(text, fileNames) {
    const article = this.turn('user', 'You');
    if (fileNames.length > 0) {
      const list = element('ul', 'turn-files');
      for (const name of fileNames) {
        list.append(element('li', null, name));
      }
      article.append(list);
    }
    if (text.trim() !== '') {
      article.append(element('div', 'turn-text', text));
    }
    this.scroll();
    return article;
  }

  /** Marks a user turn whose request got no reply: it is not part of the conversation. */
  markNotSent(article) {
    article.classList.add('not-sent');
    article.append(element('p', 'hint', 'Not sent: the prompt is back in the box.'));
  }

  /** A model turn that fills as chunks arrive. */
  startModelTurn() {
    return new ModelTurnView(this.turn('model', 'Model'), () => this.scroll());
  }

  scroll() {
    this.container.scrollTop = this.container.scrollHeight;
  }
}

class ModelTurnView {
  constructor(article, scroll) {
    this.article = article;
    this.scroll = scroll;
    this.answer = element('div', 'turn-text');
    this.answer.dataset.streaming = 'true';
    this.article.append(this.answer);
    this.thoughts = null;
  }

  /** Shows the parts one chunk added. */
  append(parts) {
    for (const part of parts) {
      if (typeof part.text === 'string' && part.thought) {
        this.thoughtText().append(part.text);
      } else if (typeof part.text === 'string') {
        this.answer.append(part.text);
      } else if (part.functionCall) {
        const call = part.functionCall;
        this.article.insertBefore(element('pre', 'turn-call', `${call.name}(${JSON.stringify(call.args ?? {})})`), this.answer);
      } else {
        const kind = Object.keys(part).find((k) => k !== 'thoughtSignature') ?? 'unknown';
        this.article.insertBefore(element('pre', 'turn-call', `[${kind}] ${JSON.stringify(part[kind])}`), this.answer);
      }
    }
    this.scroll();
  }

  thoughtText() {
    if (this.thoughts === null) {
      const details = element('details', 'turn-thoughts');
      details.append(element('summary', null, 'Thoughts'));
      this.thoughts = element('div', 'turn-text');
      details.append(this.thoughts);
      this.article.insertBefore(details, this.answer);
    }
    return this.thoughts;
  }

  /** The usage line under a finished (or stopped) reply. */
  finish(summary, seconds, stopped) {
    delete this.answer.dataset.streaming;
    const pieces = [];
    if (stopped) {
      pieces.push('Stopped');
    }
    if (summary) {
      pieces.push(summary);
    }
    pieces.push(`${seconds.toFixed(1)} s`);
    this.article.append(element('p', 'usage', pieces.join(' · ')));
    this.scroll();
  }

  /** An error instead of (or after part of) the reply. */
  fail(message) {
    delete this.answer.dataset.streaming;
    const alert = element('p', 'error', message);
    alert.setAttribute('role', 'alert');
    this.article.append(alert);
    this.scroll();
  }
}
