package io.pravega.connectors.flink.table;

import io.pravega.shared.security.auth.Credentials;

import org.apache.flink.annotation.Internal;

/** Credentials given as a type and a token, as the table options give them. */
@Internal
final class TokenCredentials implements Credentials {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final String token;

    TokenCredentials(String type, String token) {
        this.type = type;
        this.token = token;
    }

    @Override
    public String getAuthenticationType() {
        return type;
    }

    @Override
    public String getAuthenticationToken() {
        return token;
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "TokenCredentials{type=" + type + ", token=<hidden>}";
    }
}
