/**
 * Shared by both read paths: the source's configuration and the stream ranges it reads.
 *
 * <p>The connector reads in one of two ways, each in its own packages:
 *
 * <ul>
 *   <li><b>reader group</b> (unbounded reads): one Pravega reader group, one reader per subtask;
 *       see {@code source.enumerator.readergroup} and {@code source.reader.readergroup};
 *   <li><b>segments</b> (bounded reads): segment ranges handed out as splits in key order; see
 *       {@code source.enumerator.segment} and {@code source.reader.segment}.
 * </ul>
 */
package io.pravega.connectors.flink.source;
