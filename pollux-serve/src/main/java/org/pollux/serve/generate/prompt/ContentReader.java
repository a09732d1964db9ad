package org.pollux.serve.generate.prompt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.pollux.serve.api.Base64Bytes;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.Part;
import org.pollux.tokenizer.ChatMessage;

/**
 * Checks a {@link Content} and writes it as one chat message. Text parts are joined as they are
 * (streamed replies come back split anywhere); every other part becomes a block on its own lines:
 * function calls and results in {@link ToolPromptFormat}, code and its output as fenced blocks,
 * and text files ({@code text/*}, JSON, XML) from {@code inlineData} or {@code fileData} as their
 * text. Thought parts are the model's own scratch work and are left out. Served models read text
 * only, so image, audio, video and other binary data is refused naming the media type.
 */
public final class ContentReader {
    private final FileResolver files;
    private final String modelName;

    /** @param modelName {@code models/…}, for messages */
    public ContentReader(FileResolver files, String modelName) {
        this.files = files;
        this.modelName = modelName;
    }

    /** A turn of {@code contents}: roles user, model, function (read as user) or none (user). */
    public ChatMessage turn(Content c, String path) {
        if (c == null) {
            throw Invalid.at(path, "a Content must not be null.");
        }
        String role = c.role() == null || c.role().isEmpty() ? "user" : c.role().toLowerCase(Locale.ROOT);
        if (!role.equals("user") && !role.equals("model") && !role.equals("function")) {
            throw Invalid.at(path + ".role", "Please use a valid role: user, model.");
        }
        return new ChatMessage(role.equals("model") ? "model" : "user", text(c, path));
    }

    /** The text of a system instruction (its role is ignored, as the real service does). */
    public String system(Content c, String path) {
        return c == null ? "" : text(c, path);
    }

    private String text(Content c, String path) {
        List<Part> parts = c.parts();
        if (parts == null || parts.isEmpty()) {
            throw Invalid.at(path + ".parts", "contents.parts must not be empty.");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String at = path + ".parts[" + i + "]";
            Part p = parts.get(i);
            if (p == null) {
                throw Invalid.at(at, "a Part must not be null.");
            }
            List<String> data = p.dataFields();
            if (data.isEmpty()) {
                throw Invalid.at(at + ".data", "required oneof field 'data' must have one initialized field.");
            }
            if (data.size() > 1) {
                throw Invalid.at(at, "oneof field 'data' is already set to " + data.get(0) + "; cannot also set "
                        + data.get(1) + ".");
            }
            if (p.thoughtSignature() != null) {
                Base64Bytes.decode(at + ".thoughtSignature", p.thoughtSignature());
            }
            if (Boolean.TRUE.equals(p.thought())) {
                continue;
            }
            if (p.text() != null) {
                b.append(p.text());
            } else {
                block(b, blockOf(p, at));
            }
        }
        return b.toString();
    }

    private static void block(StringBuilder b, String block) {
        if (!b.isEmpty() && b.charAt(b.length() - 1) != '\n') {
            b.append('\n');
        }
        b.append(block).append('\n');
    }

    private String blockOf(Part p, String at) {
        if (p.functionCall() != null) {
            var fc = p.functionCall();
            if (fc.name() == null || fc.name().isEmpty()) {
                throw Invalid.at(at + ".functionCall.name", "a function call needs a name.");
            }
            if (fc.args() != null && !fc.args().isObject() && !fc.args().isNull()) {
                throw Invalid.at(at + ".functionCall.args", "args must be a JSON object.");
            }
            return ToolPromptFormat.call(fc.name(), fc.args());
        }
        if (p.functionResponse() != null) {
            var fr = p.functionResponse();
            if (fr.name() == null || fr.name().isEmpty()) {
                throw Invalid.at(at + ".functionResponse.name", "a function response needs a name.");
            }
            if (fr.response() != null && !fr.response().isObject() && !fr.response().isNull()) {
                throw Invalid.at(at + ".functionResponse.response", "response must be a JSON object.");
            }
            return ToolPromptFormat.response(fr.id(), fr.name(), fr.response());
        }
        if (p.executableCode() != null) {
            String lang = p.executableCode().language() == null ? "" : p.executableCode().language().toLowerCase(Locale.ROOT);
            return "```" + (lang.equals("language_unspecified") ? "" : lang) + "\n" + nz(p.executableCode().code()) + "\n```";
        }
        if (p.codeExecutionResult() != null) {
            return "```output\n" + nz(p.codeExecutionResult().output()) + "\n```";
        }
        if (p.inlineData() != null) {
            String mime = p.inlineData().mimeType();
            if (mime == null || mime.isEmpty()) {
                throw Invalid.at(at + ".inlineData.mimeType", "inlineData needs a mimeType.");
            }
            checkTextual(mime, at + ".inlineData");
            return utf8(Base64Bytes.decode(at + ".inlineData.data", p.inlineData().data()), at + ".inlineData.data");
        }
        var fd = p.fileData();
        if (fd.fileUri() == null || fd.fileUri().isEmpty()) {
            throw Invalid.at(at + ".fileData.fileUri", "fileData needs a fileUri.");
        }
        if (fd.mimeType() != null && !fd.mimeType().isEmpty()) {
            checkTextual(fd.mimeType(), at + ".fileData");
        }
        FileResolver.ResolvedFile f = files.resolve(fd.fileUri());
        checkTextual(f.mimeType(), at + ".fileData");
        return utf8(f.bytes(), at + ".fileData");
    }

    private void checkTextual(String mime, String at) {
        if (!isTextual(mime)) {
            throw Invalid.at(at + ".mimeType", modelName + " does not support mime type " + mime
                    + ": it reads text only (text/*, application/json and application/xml data is read as text).");
        }
    }

    /** Media types whose bytes are read as UTF-8 text. */
    static boolean isTextual(String mime) {
        String m = mime.toLowerCase(Locale.ROOT);
        int semi = m.indexOf(';');
        if (semi >= 0) {
            m = m.substring(0, semi).strip();
        }
        return m.startsWith("text/") || m.equals("application/json") || m.equals("application/xml")
                || m.endsWith("+json") || m.endsWith("+xml");
    }

    private static String utf8(byte[] bytes, String at) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw Invalid.at(at, "the data is not valid UTF-8 text.");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
