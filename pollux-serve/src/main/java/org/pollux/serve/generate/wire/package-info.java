/**
 * The Gemini API's generation messages as they travel as JSON (API.md §2): requests bound through
 * {@link org.pollux.serve.api.ApiJson} (lowerCamel or snake_case names, numbers as strings or
 * floats), responses written compact without nulls. Records carry data only; what a field may
 * hold is checked where it is used ({@code org.pollux.serve.generate.prompt} and
 * {@code org.pollux.serve.generate}), so every message names the field path.
 *
 * <p>Free-form values (function arguments and results, schemas) stay {@code JsonNode}s.
 */
package org.pollux.serve.generate.wire;
