package org.pollux.train.run;

/** A training configuration that cannot be used; the message names the file and the key (e.g. {@code train.lr}). */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
