/**
 * The {@code 'pravega-registry'} format: rows read and written as Avro, JSON or Protobuf through
 * Pravega Schema Registry, with the registry's encoding header before each event.
 */
package io.pravega.connectors.flink.formats.registry;
