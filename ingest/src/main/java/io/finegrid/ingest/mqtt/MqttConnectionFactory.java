package io.finegrid.ingest.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Connection options for a gateway: persistent session, receive maximum, optional
 * username/password, TLS trusting a given CA (PEM) for {@code ssl://} URLs, and TCP_NODELAY on
 * plain connections (Paho leaves Nagle on, which halves QoS 1 throughput: STACK.md).
 */
public final class MqttConnectionFactory {
    private MqttConnectionFactory() {}

    public static MqttConnectionOptions options(boolean cleanStart, long sessionExpirySeconds, int receiveMaximum,
                                                String url, String username, String password, String caFile) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(sessionExpirySeconds);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 10);
        o.setReceiveMaximum(receiveMaximum);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        if (username != null && !username.isEmpty()) {
            o.setUserName(username);
            if (password != null) {
                o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (url.startsWith("ssl://")) {
            if (caFile != null && !caFile.isEmpty()) {
                o.setSocketFactory(trusting(Path.of(caFile)).getSocketFactory());
            }
        } else {
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        return o;
    }

    /** An SSL context that trusts the certificates in a PEM file (a private CA, as brokers often use). */
    static SSLContext trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in " + pem);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use CA file " + pem + ": " + e.getMessage(), e);
        }
    }

    /** Plain sockets with Nagle's algorithm off. */
    public static final class NoDelaySocketFactory extends SocketFactory {
        private final SocketFactory plain = SocketFactory.getDefault();

        private static Socket noDelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }
    }
}
