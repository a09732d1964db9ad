/**
 * The web playground served at {@code /}: static HTML, CSS and ES modules from this package's
 * resources (no build step, nothing from a CDN), which talk to the server's own Gemini API from
 * the browser. {@link org.pollux.serve.playground.PlaygroundRoutes} serves them with a strict
 * Content-Security-Policy.
 */
package org.pollux.serve.playground;
