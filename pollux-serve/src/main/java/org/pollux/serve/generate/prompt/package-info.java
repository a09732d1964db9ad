/**
 * From a request's contents, system instruction and tools to the token ids the model reads:
 * validation of every part (with the field path in each message), function declarations and
 * calls in a documented text format ({@link org.pollux.serve.generate.prompt.ToolPromptFormat}),
 * the model's chat template, and the tokenizer. generateContent, countTokens and cached contents
 * all render through {@link org.pollux.serve.generate.prompt.PromptRenderer}, so their counts agree.
 */
package org.pollux.serve.generate.prompt;
