/**
 * cachedContents (API.md §1.2, §1.4): prompt prefixes (contents, system instruction, tools)
 * rendered and prefilled once into a KV cache, kept in memory until they expire, and continued by
 * any generateContent request that names them, which then skips their prefill.
 */
package org.pollux.serve.caches;
