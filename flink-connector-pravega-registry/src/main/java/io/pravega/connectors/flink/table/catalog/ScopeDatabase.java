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
package io.pravega.connectors.flink.table.catalog;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.catalog.CatalogDatabase;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/** A Pravega scope as a database: it has a name and nothing else to show. */
@Internal
final class ScopeDatabase implements CatalogDatabase {

    private final String scope;

    ScopeDatabase(String scope) {
        this.scope = scope;
    }

    @Override
    public Map<String, String> getProperties() {
        return Collections.emptyMap();
    }

    @Override
    public String getComment() {
        return "Pravega scope " + scope;
    }

    @Override
    public CatalogDatabase copy() {
        return new ScopeDatabase(scope);
    }

    @Override
    public CatalogDatabase copy(Map<String, String> properties) {
        return new ScopeDatabase(scope);
    }

    @Override
    public Optional<String> getDescription() {
        return Optional.of(getComment());
    }

    @Override
    public Optional<String> getDetailedDescription() {
        return getDescription();
    }
}
