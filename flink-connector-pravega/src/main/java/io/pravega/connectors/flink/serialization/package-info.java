/**
 * Public (de)serialization schemas that turn Pravega events into Flink records and back, with the
 * event metadata a schema may ask for.
 */
package io.pravega.connectors.flink.serialization;
