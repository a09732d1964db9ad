package org.pollux.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serialises the GGUF header (magic, counts, metadata, tensor infos) into little-endian bytes.
 * The header is small next to the tensor data (even a 262k-entry vocabulary is a few MB), so it is
 * built in memory and copied into the mapped output in one go.
 */
final class GgufHeaderEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);

    byte[] toByteArray() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }

    void u8(int v) {
        out.write(v);
    }

    void u16(long v) {
        out.write((int) v);
        out.write((int) (v >>> 8));
    }

    void u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    void u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(b.length);
        out.writeBytes(b);
    }

    /** A value without its type code (the caller writes the code where the format wants it). */
    void value(GgufValue v) {
        Object o = v.value();
        switch (v.type()) {
            case FLOAT32 -> u32(Float.floatToRawIntBits((Float) o));
            case FLOAT64 -> u64(Double.doubleToRawLongBits((Double) o));
            case BOOL -> u8((Boolean) o ? 1 : 0);
            case STRING -> string((String) o);
            case ARRAY -> array((GgufValue.GgufArray) o);
            default -> integer(v.type(), (Long) o);
        }
    }

    private void integer(GgufType type, long v) {
        switch (type.size()) {
            case 1 -> u8((int) v);
            case 2 -> u16(v);
            case 4 -> u32(v);
            default -> u64(v);
        }
    }

    void array(GgufValue.GgufArray a) {
        GgufType et = a.elementType();
        u32(et.code());
        u64(a.length());
        switch (et) {
            case STRING -> {
                for (String s : (String[]) a.values()) {
                    string(s);
                }
            }
            case FLOAT32 -> {
                for (float f : (float[]) a.values()) {
                    u32(Float.floatToRawIntBits(f));
                }
            }
            case FLOAT64 -> {
                for (double d : (double[]) a.values()) {
                    u64(Double.doubleToRawLongBits(d));
                }
            }
            case BOOL -> {
                for (boolean b : (boolean[]) a.values()) {
                    u8(b ? 1 : 0);
                }
            }
            case ARRAY -> {
                for (GgufValue.GgufArray inner : (GgufValue.GgufArray[]) a.values()) {
                    array(inner);
                }
            }
            default -> {
                for (long l : (long[]) a.values()) {
                    integer(et, l);
                }
            }
        }
    }
}
