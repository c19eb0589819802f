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

import io.pravega.connectors.flink.formats.registry.RegistryRowFormat;
import io.pravega.schemaregistry.contract.data.Compatibility;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static io.pravega.connectors.flink.table.catalog.PravegaCatalogOptions.COMPATIBILITY;
import static io.pravega.connectors.flink.table.catalog.PravegaCatalogOptions.CONTROLLER_URI;
import static io.pravega.connectors.flink.table.catalog.PravegaCatalogOptions.DEFAULT_DATABASE;
import static io.pravega.connectors.flink.table.catalog.PravegaCatalogOptions.SCHEMA_REGISTRY_URI;
import static io.pravega.connectors.flink.table.catalog.PravegaCatalogOptions.SERIALIZATION_FORMAT;
import static io.pravega.connectors.flink.table.catalog.PravegaCatalogOptions.TIMEOUT;

/** Creates the Pravega catalog: {@code CREATE CATALOG c WITH ('type' = 'pravega', ...)}. */
@Internal
public final class PravegaCatalogFactory implements CatalogFactory {

    @Override
    public String factoryIdentifier() {
        return PravegaCatalogOptions.IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new HashSet<>(Arrays.asList(CONTROLLER_URI, SCHEMA_REGISTRY_URI, DEFAULT_DATABASE));
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new HashSet<>(Arrays.asList(SERIALIZATION_FORMAT, COMPATIBILITY, TIMEOUT));
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper =
                FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        RegistryRowFormat format;
        try {
            format = RegistryRowFormat.parse(options.get(SERIALIZATION_FORMAT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("'serialization-format': " + e.getMessage(), e);
        }
        return new PravegaCatalog(
                context.getName(),
                options.get(DEFAULT_DATABASE),
                uri(CONTROLLER_URI, options.get(CONTROLLER_URI), "tcp://localhost:9090"),
                uri(SCHEMA_REGISTRY_URI, options.get(SCHEMA_REGISTRY_URI), "http://localhost:9092"),
                format,
                compatibility(options.get(COMPATIBILITY)),
                options.get(TIMEOUT));
    }

    static Compatibility compatibility(String name) {
        switch (name.trim()) {
            case "backward":
                return Compatibility.backward();
            case "forward":
                return Compatibility.forward();
            case "full":
                return Compatibility.full();
            case "backwardTransitive":
                return Compatibility.backwardTransitive();
            case "forwardTransitive":
                return Compatibility.forwardTransitive();
            case "fullTransitive":
                return Compatibility.fullTransitive();
            case "allowAny":
                return Compatibility.allowAny();
            case "denyAll":
                return Compatibility.denyAll();
            default:
                throw new ValidationException(
                        "'compatibility' is '"
                                + name
                                + "'. Supported: 'backward', 'forward', 'full', 'backwardTransitive', "
                                + "'forwardTransitive', 'fullTransitive', 'allowAny', 'denyAll'.");
        }
    }

    private static URI uri(ConfigOption<String> option, String value, String example) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(value, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ValidationException(
                    "'"
                            + option.key()
                            + "' is not a valid URI: '"
                            + value
                            + "' ("
                            + e.getMessage()
                            + "). Expected, for example, '"
                            + example
                            + "'.",
                    e);
        }
    }
}
