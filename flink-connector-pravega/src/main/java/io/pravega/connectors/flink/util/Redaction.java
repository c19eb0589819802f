package io.pravega.connectors.flink.util;

import org.apache.flink.annotation.Internal;

import java.net.URI;

/** How the connector shows values that may hold a secret in messages and logs. */
@Internal
public final class Redaction {

    private Redaction() {}

    /** The URI without any user info, which could be a password. */
    public static String uri(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.toString().replace(uri.getRawUserInfo() + "@", "<hidden>@");
    }
}
