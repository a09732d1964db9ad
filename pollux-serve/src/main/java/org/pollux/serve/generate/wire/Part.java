package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A piece of a turn. Exactly one data field is set ({@code text}, {@code inlineData},
 * {@code fileData}, {@code functionCall}, {@code functionResponse}, {@code executableCode},
 * {@code codeExecutionResult}); {@code thought}, {@code thoughtSignature} (base64),
 * {@code videoMetadata} and {@code partMetadata} may accompany it.
 */
public record Part(
        String text,
        Blob inlineData,
        FileData fileData,
        FunctionCall functionCall,
        FunctionResponse functionResponse,
        ExecutableCode executableCode,
        CodeExecutionResult codeExecutionResult,
        Boolean thought,
        String thoughtSignature,
        VideoMetadata videoMetadata,
        JsonNode partMetadata) {

    public static Part ofText(String text) {
        return new Part(text, null, null, null, null, null, null, null, null, null, null);
    }

    public static Part ofCall(FunctionCall call, String thoughtSignature) {
        return new Part(null, null, null, call, null, null, null, null, thoughtSignature, null, null);
    }

    /** Names of the data fields that are set, in declaration order. */
    public List<String> dataFields() {
        List<String> set = new ArrayList<>(1);
        if (text != null) set.add("text");
        if (inlineData != null) set.add("inlineData");
        if (fileData != null) set.add("fileData");
        if (functionCall != null) set.add("functionCall");
        if (functionResponse != null) set.add("functionResponse");
        if (executableCode != null) set.add("executableCode");
        if (codeExecutionResult != null) set.add("codeExecutionResult");
        return set;
    }

    /** Raw bytes with their media type ({@code data} is base64). */
    public record Blob(String mimeType, String data) {}

    /** A reference to an uploaded file ({@code files/…} or its https URI). */
    public record FileData(String mimeType, String fileUri) {}

    /** Code the model wrote for the code-execution tool. */
    public record ExecutableCode(String language, String code) {}

    /** What running {@link ExecutableCode} gave. */
    public record CodeExecutionResult(String outcome, String output) {}

    /** Which part of a video a part refers to. */
    public record VideoMetadata(String startOffset, String endOffset, Double fps) {}
}
