package org.pollux.tokenizer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A minimal reader of the protocol-buffers wire format (varint, 64-bit, length-delimited, 32-bit
 * fields), enough to read a SentencePiece {@code ModelProto}. Hand-written instead of depending on
 * protobuf-java because only four wire types and a dozen fields are needed, no generated classes
 * are wanted for a schema we read a handful of fields from, and every failure must name the byte
 * offset. Truncated or malformed input fails with a {@link TokenizerException} carrying the offset
 * into the whole file.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final String source;
    private final byte[] buf;
    private final int limit;
    private int pos;

    ProtoReader(String source, byte[] buf) {
        this(source, buf, 0, buf.length);
    }

    private ProtoReader(String source, byte[] buf, int from, int to) {
        this.source = source;
        this.buf = buf;
        this.pos = from;
        this.limit = to;
    }

    boolean hasMore() {
        return pos < limit;
    }

    int position() {
        return pos;
    }

    TokenizerException error(long offset, String message) {
        return new TokenizerException(source, offset, message);
    }

    /** Reads a field key; returns {@code fieldNumber << 3 | wireType}. */
    int readTag() {
        int at = pos;
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag > 0xFFFF_FFFFL) {
            throw error(at, "invalid field key " + tag);
        }
        int wire = (int) (tag & 7);
        if (wire != VARINT && wire != FIXED64 && wire != LENGTH_DELIMITED && wire != FIXED32) {
            throw error(at, "unsupported wire type " + wire + " for field " + (tag >>> 3));
        }
        return (int) tag;
    }

    long readVarint() {
        int at = pos;
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw error(at, "truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw error(at, "varint longer than 10 bytes");
    }

    /** A varint field holding an int32 (negative values are sign-extended to 64 bits on the wire). */
    int readInt32() {
        int at = pos;
        long v = readVarint();
        if (v != (int) v) {
            throw error(at, "varint " + v + " does not fit an int32");
        }
        return (int) v;
    }

    float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    int readFixed32() {
        require(4, "fixed32");
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** A reader over the bytes of a length-delimited field (an embedded message). */
    ProtoReader readMessage() {
        int len = readLength();
        ProtoReader sub = new ProtoReader(source, buf, pos, pos + len);
        pos += len;
        return sub;
    }

    String readString() {
        int len = readLength();
        int at = pos;
        pos += len;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, at, len)).toString();
        } catch (CharacterCodingException e) {
            throw error(at, "string field is not valid UTF-8");
        }
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                require(8, "fixed64");
                pos += 8;
            }
            case FIXED32 -> {
                require(4, "fixed32");
                pos += 4;
            }
            case LENGTH_DELIMITED -> {
                int len = readLength(); // read first: "pos += readLength()" would add to the stale pos
                pos += len;
            }
            default -> throw error(pos, "cannot skip wire type " + wireType);
        }
    }

    /** Fails unless the field has the wire type its schema requires. */
    void expectWireType(int tag, int wireType, String field) {
        if ((tag & 7) != wireType) {
            throw error(pos, field + " has wire type " + (tag & 7) + ", expected " + wireType);
        }
    }

    private int readLength() {
        int at = pos;
        long len = readVarint();
        if (len < 0 || len > limit - pos) {
            throw error(at, "length " + len + " runs past the end of its message (" + (limit - pos) + " bytes left)");
        }
        return (int) len;
    }

    private void require(int n, String what) {
        if (limit - pos < n) {
            throw error(pos, "truncated " + what);
        }
    }
}
