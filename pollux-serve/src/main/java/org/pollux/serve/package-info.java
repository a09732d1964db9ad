/**
 * The Gemini-API-compatible server ({@code pollux serve}): HTTP routing, the API's JSON model,
 * generation through {@link org.pollux.generate.GenerationService}, files, cached contents,
 * metrics and the web playground.
 */
package org.pollux.serve;
