// The playground page: wires the form to the API client and the transcript.
// State is one conversation (`history`, the Contents sent back with each request), the files
// attached to the next turn, and the generation in flight (its AbortController).

import { ApiError, GeminiClient } from './api.js';
import { Reply } from './reply.js';
import { generateRequest, readSettings, userTurn } from './request.js';
import { Transcript } from './transcript.js';

const STORED_KEY = 'pollux.playground.apiKey';
const STORED_MODEL = 'pollux.playground.model';
const COUNT_DELAY_MS = 300; // token count after typing pauses this long
const KEY_DELAY_MS = 500; // model list after the key stops changing this long
const PROCESSING_POLLS = 120; // one a second: wait up to two minutes for an uploaded file

const $ = (id) => document.getElementById(id);
const ui = {
  apiKey: $('api-key'),
  model: $('model'),
  modelStatus: $('model-status'),
  notice: $('notice'),
  newChat: $('new-chat'),
  transcript: $('transcript'),
  composer: $('composer'),
  prompt: $('prompt'),
  attachments: $('attachments'),
  file: $('file'),
  tokenCount: $('token-count'),
  stop: $('stop'),
  send: $('send'),
  system: $('system'),
  jsonMode: $('json-mode'),
  jsonSchema: $('json-schema'),
  stopSequences: $('stop-sequences'),
  settingsError: $('settings-error'),
};
/** The form fields readSettings reads, by its keys. */
const SETTING_INPUTS = {
  system: ui.system,
  temperature: $('temperature'),
  topP: $('top-p'),
  topK: $('top-k'),
  maxOutputTokens: $('max-output-tokens'),
  seed: $('seed'),
  stopSequences: ui.stopSequences,
  jsonSchema: ui.jsonSchema,
};

const client = new GeminiClient(() => ui.apiKey.value.trim());
const transcript = new Transcript(ui.transcript);
const state = {
  history: [],
  conversation: 0, // bumped by New chat, so a reply still streaming then is not added to the new one
  attachments: [], // {name, status: uploading|ready|failed, file, error, controller}
  running: null,
  models: [],
  modelsLoadedFor: null,
  modelLoads: 0,
};

// localStorage throws where storage is disabled; the playground then just forgets.
function remembered(key) {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function remember(key, value) {
  try {
    if (value) {
      localStorage.setItem(key, value);
    } else {
      localStorage.removeItem(key);
    }
  } catch {
    // nothing to do
  }
}

function describe(error) {
  return error instanceof ApiError ? error.describe() : `${error.name}: ${error.message}`;
}

function showNotice(message) {
  ui.notice.textContent = message;
  ui.notice.hidden = message === '';
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

// ---- models ----

async function loadModels() {
  state.modelsLoadedFor = ui.apiKey.value.trim();
  const load = ++state.modelLoads;
  ui.modelStatus.textContent = 'Loading models…';
  try {
    const all = await client.listModels();
    if (load !== state.modelLoads) {
      return; // a newer key is being tried
    }
    state.models = all.filter((m) => !m.supportedGenerationMethods || m.supportedGenerationMethods.includes('generateContent'));
    const wanted = ui.model.value || remembered(STORED_MODEL);
    ui.model.replaceChildren(...state.models.map((m) => new Option(modelLabel(m), m.name)));
    if (state.models.some((m) => m.name === wanted)) {
      ui.model.value = wanted;
    }
    const n = state.models.length;
    ui.modelStatus.textContent = n === 0 ? 'The server offers no model for generateContent.' : `${n} model${n === 1 ? '' : 's'} available.`;
    showNotice('');
    modelChanged();
  } catch (e) {
    if (load !== state.modelLoads) {
      return;
    }
    state.models = [];
    state.modelsLoadedFor = null; // Enter in the key field tries again
    ui.model.replaceChildren();
    ui.modelStatus.textContent = 'No models loaded.';
    showNotice(`Could not list the models: ${describe(e)}`);
  }
}

function modelLabel(model) {
  const id = model.name.replace(/^models\//, '');
  return model.displayName && model.displayName !== id ? `${model.displayName} (${id})` : id;
}

/** Shows the model's defaults as placeholders of the empty sampling fields. */
function modelChanged() {
  const model = state.models.find((m) => m.name === ui.model.value);
  remember(STORED_MODEL, ui.model.value);
  const defaults = {
    temperature: model?.temperature,
    topP: model?.topP,
    topK: model?.topK,
    maxOutputTokens: model?.outputTokenLimit,
  };
  for (const [key, value] of Object.entries(defaults)) {
    SETTING_INPUTS[key].placeholder = value === undefined ? '' : String(value);
  }
  scheduleCount();
}

function keyEdited() {
  remember(STORED_KEY, ui.apiKey.value.trim());
  if (ui.apiKey.value.trim() !== state.modelsLoadedFor) {
    loadModels();
  }
}

// ---- settings ----

function formValues() {
  const values = {};
  for (const [key, input] of Object.entries(SETTING_INPUTS)) {
    // A number field holding text reads as '' in the DOM; say so instead of silently dropping it.
    values[key] = input.validity?.badInput ? 'not a number' : input.value;
  }
  values.jsonMode = ui.jsonMode.checked;
  return values;
}

/** Reads the settings and marks the fields at fault; returns readSettings' answer. */
function checkSettings() {
  const result = readSettings(formValues());
  const bad = new Set(result.errors.map((e) => e.field));
  for (const [key, input] of Object.entries(SETTING_INPUTS)) {
    if (bad.has(key)) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', 'settings-error');
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
    }
  }
  ui.settingsError.textContent = result.errors.map((e) => e.message).join(' ');
  ui.settingsError.hidden = result.errors.length === 0;
  return result;
}

// ---- token count ----

let countController = null;

async function countTokens() {
  countController?.abort();
  const model = ui.model.value;
  const turn = userTurn(ui.prompt.value, readyFiles());
  const contents = turn ? [...state.history, turn] : state.history;
  if (!model || contents.length === 0) {
    ui.tokenCount.textContent = 'Tokens: 0';
    return;
  }
  const controller = new AbortController();
  countController = controller;
  try {
    const { settings } = readSettings(formValues());
    const total = await client.countTokens(model, generateRequest(contents, settings), controller.signal);
    if (countController === controller) {
      ui.tokenCount.textContent = `Tokens: ${total}`;
    }
  } catch (e) {
    if (countController === controller && e.name !== 'AbortError') {
      ui.tokenCount.textContent = `Tokens: unavailable (${describe(e)})`;
    }
  }
}

const scheduleCount = debounce(countTokens, COUNT_DELAY_MS);

// ---- attachments ----

function readyFiles() {
  return state.attachments.filter((a) => a.status === 'ready').map((a) => a.file);
}

function renderAttachments() {
  ui.attachments.replaceChildren(...state.attachments.map((entry) => {
    const item = document.createElement('li');
    item.className = `attachment ${entry.status}`;
    const name = document.createElement('span');
    name.className = 'attachment-name';
    name.textContent = entry.name;
    const status = document.createElement('span');
    status.className = 'attachment-status';
    status.textContent = { uploading: 'uploading…', ready: 'ready', failed: `failed: ${entry.error}` }[entry.status];
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove ${entry.name}`);
    remove.addEventListener('click', () => {
      entry.controller.abort();
      state.attachments = state.attachments.filter((a) => a !== entry);
      renderAttachments();
      scheduleCount();
      ui.prompt.focus();
    });
    item.append(name, ' ', status, ' ', remove);
    return item;
  }));
}

async function upload(file) {
  const entry = { name: file.name, status: 'uploading', file: null, error: null, controller: new AbortController() };
  state.attachments.push(entry);
  renderAttachments();
  const signal = entry.controller.signal;
  try {
    let resource = await client.uploadFile(file, signal);
    for (let i = 0; resource.state === 'PROCESSING' && i < PROCESSING_POLLS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      resource = await client.getFile(resource.name, signal);
    }
    if (resource.state === 'FAILED') {
      throw new Error(resource.error?.message ?? 'the server could not process the file');
    }
    if (resource.state && resource.state !== 'ACTIVE') {
      throw new Error(`the file is still ${resource.state}`);
    }
    entry.file = resource;
    entry.status = 'ready';
  } catch (e) {
    if (signal.aborted) {
      return; // removed by the user
    }
    entry.status = 'failed';
    entry.error = describe(e);
  }
  renderAttachments();
  scheduleCount();
}

// ---- sending ----

function setRunning(controller) {
  state.running = controller;
  ui.send.disabled = controller !== null;
  ui.stop.disabled = controller === null;
  transcript.setBusy(controller !== null);
}

async function send(event) {
  event.preventDefault();
  if (state.running) {
    return;
  }
  const model = ui.model.value;
  if (!model) {
    showNotice('Choose a model first: the model list is empty (check the API key).');
    return;
  }
  if (state.attachments.some((a) => a.status !== 'ready')) {
    showNotice('Wait for the uploads to finish, or remove the ones that failed.');
    return;
  }
  const { settings, errors } = checkSettings();
  if (errors.length > 0) {
    SETTING_INPUTS[errors[0].field].focus();
    return;
  }
  const text = ui.prompt.value;
  const attached = state.attachments;
  const turn = userTurn(text, attached.map((a) => a.file));
  if (turn === null) {
    ui.prompt.focus();
    return;
  }
  showNotice('');
  const userView = transcript.addUserTurn(text, attached.map((a) => a.name));
  ui.prompt.value = '';
  state.attachments = [];
  renderAttachments();

  const conversation = state.conversation;
  const controller = new AbortController();
  setRunning(controller);
  const view = transcript.startModelTurn();
  const reply = new Reply();
  const started = performance.now();
  let failure = null;
  try {
    const request = generateRequest([...state.history, turn], settings);
    for await (const chunk of client.streamGenerateContent(model, request, controller.signal)) {
      view.append(reply.add(chunk));
    }
  } catch (e) {
    failure = e;
  }
  const stopped = controller.signal.aborted;
  if (failure && !stopped) {
    view.fail(describe(failure));
  } else {
    view.finish(reply.summary(), (performance.now() - started) / 1000, stopped);
  }
  // After New chat, this exchange belongs to the conversation that was cleared: keep nothing.
  const current = conversation === state.conversation;
  if (current && reply.parts.length > 0) {
    state.history.push(turn, reply.content());
  } else if (current) {
    // Nothing came back: the turn is not part of the conversation; give it back to retry or edit.
    transcript.markNotSent(userView);
    if (ui.prompt.value === '') {
      ui.prompt.value = text;
    }
    state.attachments = attached.concat(state.attachments);
    renderAttachments();
  }
  setRunning(null);
  scheduleCount();
  ui.prompt.focus();
}

function newChat() {
  state.running?.abort();
  state.conversation++;
  state.history = [];
  transcript.clear();
  scheduleCount();
  ui.prompt.focus();
}

// ---- wiring ----

ui.apiKey.value = remembered(STORED_KEY);
ui.apiKey.addEventListener('input', debounce(keyEdited, KEY_DELAY_MS));
ui.apiKey.addEventListener('change', keyEdited);
ui.model.addEventListener('change', modelChanged);
ui.composer.addEventListener('submit', send);
ui.stop.addEventListener('click', () => state.running?.abort());
ui.newChat.addEventListener('click', newChat);
ui.prompt.addEventListener('input', scheduleCount);
ui.prompt.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    ui.composer.requestSubmit();
  }
});
ui.file.addEventListener('change', () => {
  for (const file of ui.file.files) {
    upload(file);
  }
  ui.file.value = '';
});
for (const input of Object.values(SETTING_INPUTS)) {
  input.addEventListener('input', () => {
    checkSettings();
    scheduleCount();
  });
}
ui.jsonMode.addEventListener('change', () => {
  ui.jsonSchema.disabled = !ui.jsonMode.checked;
  checkSettings();
  scheduleCount();
});

loadModels();
