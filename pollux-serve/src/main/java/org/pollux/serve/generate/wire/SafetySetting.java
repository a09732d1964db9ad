package org.pollux.serve.generate.wire;

/** A harm category and the threshold to block at (validated, not enforced: this server filters nothing). */
public record SafetySetting(String category, String threshold, String method) {}
