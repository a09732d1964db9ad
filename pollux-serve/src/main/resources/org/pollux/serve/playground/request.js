// Turns what the user typed into the parts of a GenerateContentRequest (API.md §2.1).
// Pure functions over strings, no DOM, so Node can test them. Values the API itself checks
// (ranges, the number of stop sequences) are left to the server, whose 400 names the field;
// only what cannot be sent at all (a number that is not one, a schema that is not JSON) stops here.

const DECIMALS = [
  ['temperature', 'Temperature'],
  ['topP', 'Top P'],
];
const INTEGERS = [
  ['topK', 'Top K'],
  ['maxOutputTokens', 'Max output tokens'],
  ['seed', 'Seed'],
];

/**
 * The settings part of a request from the form's raw values:
 * {system, temperature, topP, topK, maxOutputTokens, seed, stopSequences, jsonMode, jsonSchema},
 * all strings except jsonMode (a boolean). Empty fields are left out, so the model's defaults apply.
 * Returns {settings: {systemInstruction?, generationConfig}, errors: [{field, message}]}, where
 * field is the key of the value at fault; the settings then hold only the valid values.
 */
export function readSettings(form) {
  const errors = [];
  const generationConfig = {};
  for (const [key, label] of DECIMALS) {
    const value = parseNumber(form[key], key, label, false, errors);
    if (value !== undefined) {
      generationConfig[key] = value;
    }
  }
  for (const [key, label] of INTEGERS) {
    const value = parseNumber(form[key], key, label, true, errors);
    if (value !== undefined) {
      generationConfig[key] = value;
    }
  }
  const stops = (form.stopSequences ?? '').split(/\r\n|\n|\r/).filter((line) => line !== '');
  if (stops.length > 0) {
    generationConfig.stopSequences = stops;
  }
  if (form.jsonMode) {
    generationConfig.responseMimeType = 'application/json';
    const schema = (form.jsonSchema ?? '').trim();
    if (schema !== '') {
      try {
        const parsed = JSON.parse(schema);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          errors.push({ field: 'jsonSchema', message: 'The response schema must be a JSON object.' });
        } else {
          generationConfig.responseJsonSchema = parsed;
        }
      } catch (e) {
        errors.push({ field: 'jsonSchema', message: `The response schema is not valid JSON: ${e.message}` });
      }
    }
  }
  const settings = { generationConfig };
  if ((form.system ?? '').trim() !== '') {
    settings.systemInstruction = { parts: [{ text: form.system }] };
  }
  return { settings, errors };
}

function parseNumber(raw, field, label, integer, errors) {
  const text = (raw ?? '').trim();
  if (text === '') {
    return undefined;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    errors.push({ field, message: `${label} must be a number (got "${text}").` });
    return undefined;
  }
  if (integer && !Number.isSafeInteger(value)) {
    errors.push({ field, message: `${label} must be a whole number (got "${text}").` });
    return undefined;
  }
  return value;
}

/**
 * The user's next turn: the attached files as fileData parts, then the prompt text.
 * Null when there is nothing to send.
 * @param attachments [{mimeType, uri}] of uploaded, ACTIVE files
 */
export function userTurn(text, attachments = []) {
  const parts = attachments.map((file) => ({ fileData: { mimeType: file.mimeType, fileUri: file.uri } }));
  if (text.trim() !== '') {
    parts.push({ text });
  }
  return parts.length === 0 ? null : { role: 'user', parts };
}

/** The whole request: the conversation so far (ending with the user's turn) plus the settings. */
export function generateRequest(contents, settings) {
  return { contents, ...settings };
}
