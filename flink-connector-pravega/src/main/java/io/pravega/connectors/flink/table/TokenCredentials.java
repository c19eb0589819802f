/*
 * Copyright (c) The flink-connector-pravega Authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
