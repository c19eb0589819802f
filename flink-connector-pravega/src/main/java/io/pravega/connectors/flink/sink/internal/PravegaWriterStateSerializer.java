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
package io.pravega.connectors.flink.sink.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.UUID;

/** Version 1: scoped stream (UTF), open transaction id (two longs). */
@Internal
public final class PravegaWriterStateSerializer
        implements SimpleVersionedSerializer<PravegaWriterState> {

    public static final PravegaWriterStateSerializer INSTANCE = new PravegaWriterStateSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PravegaWriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(state.getScopedStream());
        out.writeLong(state.getOpenTxnId().getMostSignificantBits());
        out.writeLong(state.getOpenTxnId().getLeastSignificantBits());
        return out.getCopyOfBuffer();
    }

    @Override
    public PravegaWriterState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Unknown version "
                            + version
                            + " of a Pravega writer state; this connector reads "
                            + "version "
                            + VERSION
                            + ". Was the state written by a newer connector?");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new PravegaWriterState(in.readUTF(), new UUID(in.readLong(), in.readLong()));
    }
}
