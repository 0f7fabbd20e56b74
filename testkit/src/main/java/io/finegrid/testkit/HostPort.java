package io.finegrid.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/** A loopback host and port: finding free ones, and telling whether something listens there. */
public record HostPort(String host, int port) {

    public static HostPort freeLoopback() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return new HostPort("127.0.0.1", s.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    /** Parses {@code host:port}, {@code tcp://host:port} or {@code http://host:port}. */
    public static HostPort parse(String address) {
        String s = address.contains("://") ? address : "x://" + address;
        URI u = URI.create(s.split(",")[0]);
        return new HostPort(u.getHost(), u.getPort());
    }

    public boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
