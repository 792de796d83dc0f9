package io.taskrunner.core.protocol;

final class Fields {
    private Fields() {
    }

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new ProtocolException("field '" + field + "' is missing or blank");
        }
        return value;
    }
}
