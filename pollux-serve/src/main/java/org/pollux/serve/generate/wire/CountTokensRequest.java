package org.pollux.serve.generate.wire;

import java.util.List;

/** countTokens: either {@code contents} alone or a whole {@code generateContentRequest}, not both. */
public record CountTokensRequest(List<Content> contents, GenerateContentRequest generateContentRequest) {}
