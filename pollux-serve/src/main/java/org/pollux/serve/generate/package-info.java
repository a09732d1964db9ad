/**
 * The generation side of the Gemini API: generateContent and streamGenerateContent (SSE and
 * JSON-array streaming), countTokens, embedContent and batchEmbedContents. A request is checked
 * and planned ({@link org.pollux.serve.generate.GenerationPlanner}), run candidate by candidate
 * through the model's {@link org.pollux.generate.GenerationService}, and its output read back
 * (function calls, JSON, enums) into the API's response shape.
 */
package org.pollux.serve.generate;
