package org.pollux.serve.generate.wire;

/** Thinking controls: a token budget (0 off, −1 automatic) or a level, not both. */
public record ThinkingConfig(Boolean includeThoughts, Integer thinkingBudget, String thinkingLevel) {}
