/**
 * The Pravega catalog ({@code 'type' = 'pravega'}): scopes are databases, and streams with a Schema
 * Registry group are tables.
 */
package io.pravega.connectors.flink.table.catalog;
