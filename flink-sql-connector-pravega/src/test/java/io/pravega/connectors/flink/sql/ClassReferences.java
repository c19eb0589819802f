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
package io.pravega.connectors.flink.sql;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a class file refers to: the {@code CONSTANT_Class} entries of its constant pool, that
 * is every class the code instantiates, casts to, calls or catches. Annotation types are not among
 * them, so annotation-only dependencies left out of the jar do not count.
 */
final class ClassReferences {

    private ClassReferences() {}

    /** Internal names ({@code a/b/C}), array types reduced to their element class. */
    static Set<String> of(byte[] classFile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("Not a class file");
            }
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> classNameIndexes = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: // Utf8: the class file's modified UTF-8 is what readUTF reads
                        utf8[i] = in.readUTF();
                        break;
                    case 7: // Class
                        classNameIndexes.add(in.readUnsignedShort());
                        break;
                    case 3:
                    case 4: // Integer, Float
                    case 9:
                    case 10:
                    case 11:
                    case 12: // Field/Method/InterfaceMethod ref, NameAndType
                    case 17:
                    case 18: // Dynamic, InvokeDynamic
                        in.skipBytes(4);
                        break;
                    case 5:
                    case 6: // Long, Double: two slots
                        in.skipBytes(8);
                        i++;
                        break;
                    case 8:
                    case 16:
                    case 19:
                    case 20: // String, MethodType, Module, Package
                        in.skipBytes(2);
                        break;
                    case 15: // MethodHandle
                        in.skipBytes(3);
                        break;
                    default:
                        throw new IllegalArgumentException(
                                "Unknown constant pool tag " + tag + " at " + i);
                }
            }
            Set<String> names = new TreeSet<>();
            for (int index : classNameIndexes) {
                String name = elementClass(utf8[index]);
                if (name != null) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code [[Lx/Y;} becomes {@code x/Y}; arrays of primitives become {@code null}. */
    private static String elementClass(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        String element = name.replaceFirst("^\\[+", "");
        return element.startsWith("L") && element.endsWith(";")
                ? element.substring(1, element.length() - 1)
                : null;
    }
}
