package io.finegrid.model.config;

/** A configuration problem, always naming the file, the line and the reason. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final int line;
    private final String reason;

    public ConfigException(String file, int line, String reason) {
        super(file + ":" + line + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
