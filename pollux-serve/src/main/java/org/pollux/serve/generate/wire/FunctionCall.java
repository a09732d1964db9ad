package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** A call the model asks the client to make; {@code args} is a JSON object (google.protobuf.Struct). */
public record FunctionCall(String id, String name, JsonNode args) {}
