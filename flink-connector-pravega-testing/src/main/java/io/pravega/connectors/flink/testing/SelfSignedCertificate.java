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
package io.pravega.connectors.flink.testing;

import org.apache.flink.annotation.Internal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A throw-away key and self-signed certificate for an embedded cluster with TLS. */
@Internal
final class SelfSignedCertificate {

    private static final String STORE_PASSWORD = "embedded-pravega";

    private final Path certificateFile;
    private final Path privateKeyFile;
    private final Path keyStoreFile;
    private final Path trustStoreFile;
    private final Path passwordFile;

    private SelfSignedCertificate(Path dir) {
        this.certificateFile = dir.resolve("server-cert.pem");
        this.privateKeyFile = dir.resolve("server-key.pem");
        this.keyStoreFile = dir.resolve("server.keystore.jks");
        this.trustStoreFile = dir.resolve("client.truststore.jks");
        this.passwordFile = dir.resolve("keystore-password.txt");
    }

    /**
     * Makes a certificate for {@code host}, valid for a year, in a temp folder; with {@code
     * withMachineNames} also for 127.0.0.1 and this machine's names and address.
     */
    static SelfSignedCertificate create(String host, boolean withMachineNames) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        KeyPair keys = generator.generateKeyPair();

        X500Name name = new X500Name("CN=" + host + ", O=Embedded Pravega");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder =
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(365))),
                        name,
                        keys.getPublic());
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(
                        withMachineNames
                                ? subjectNames(host)
                                : new GeneralName[] {new GeneralName(GeneralName.dNSName, host)}));
        X509Certificate certificate =
                new JcaX509CertificateConverter()
                        .getCertificate(
                                builder.build(
                                        new JcaContentSignerBuilder("SHA256withRSA")
                                                .build(keys.getPrivate())));

        Path dir = Files.createTempDirectory("embedded-pravega-tls");
        dir.toFile().deleteOnExit();
        SelfSignedCertificate files = new SelfSignedCertificate(dir);
        writePem(files.certificateFile, "CERTIFICATE", certificate.getEncoded());
        writePem(files.privateKeyFile, "PRIVATE KEY", keys.getPrivate().getEncoded());

        char[] password = STORE_PASSWORD.toCharArray();
        KeyStore keyStore = KeyStore.getInstance("JKS");
        keyStore.load(null, null);
        keyStore.setKeyEntry(
                "server", keys.getPrivate(), password, new Certificate[] {certificate});
        store(keyStore, files.keyStoreFile, password);
        KeyStore trustStore = KeyStore.getInstance("JKS");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("server", certificate);
        store(trustStore, files.trustStoreFile, password);
        Files.writeString(files.passwordFile, STORE_PASSWORD, StandardCharsets.UTF_8);
        for (Path file :
                new Path[] {
                    files.certificateFile,
                    files.privateKeyFile,
                    files.keyStoreFile,
                    files.trustStoreFile,
                    files.passwordFile
                }) {
            file.toFile().deleteOnExit();
        }
        return files;
    }

    /**
     * The segment store publishes this machine's host name to clients, not {@code localhost}, so
     * the certificate names that too.
     */
    private static GeneralName[] subjectNames(String host) {
        Set<String> dnsNames = new LinkedHashSet<>(List.of(host));
        Set<String> addresses = new LinkedHashSet<>(List.of("127.0.0.1"));
        try {
            InetAddress local = InetAddress.getLocalHost();
            dnsNames.add(local.getHostName());
            dnsNames.add(local.getCanonicalHostName());
            addresses.add(local.getHostAddress());
        } catch (UnknownHostException e) {
            // Only localhost then.
        }
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        addresses.forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        return names.toArray(new GeneralName[0]);
    }

    Path getCertificateFile() {
        return certificateFile;
    }

    Path getPrivateKeyFile() {
        return privateKeyFile;
    }

    Path getKeyStoreFile() {
        return keyStoreFile;
    }

    Path getTrustStoreFile() {
        return trustStoreFile;
    }

    Path getPasswordFile() {
        return passwordFile;
    }

    private static void writePem(Path file, String type, byte[] der) throws Exception {
        String body =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der);
        Files.writeString(
                file,
                "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }

    private static void store(KeyStore store, Path file, char[] password) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
