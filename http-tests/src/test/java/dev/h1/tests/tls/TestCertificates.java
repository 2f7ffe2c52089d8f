package dev.h1.tests.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.security.GeneralSecurityException;

/**
 * A certificate authority and a server certificate for 127.0.0.1, generated when the tests run (Netty's
 * {@code netty-pkitesting}), so that no key is committed: the server's {@link SslContext} (JDK provider) and a client
 * {@link SSLContext} that trusts only this authority.
 */
final class TestCertificates {

    private final X509Bundle authority;
    private final X509Bundle server;

    private TestCertificates(X509Bundle authority, X509Bundle server) {
        this.authority = authority;
        this.server = server;
    }

    /** A new authority, and a certificate it issued for {@code 127.0.0.1} and {@code localhost}. */
    static TestCertificates generate() throws Exception {
        X509Bundle authority = new CertificateBuilder().subject("CN=h1 test authority").setIsCertificateAuthority(true)
                .ecp256().buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .addSanDnsName("localhost").addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(authority);
        return new TestCertificates(authority, server);
    }

    /** The server's context, from its key and certificate chain, with the JDK's TLS implementation. */
    SslContext serverContext() throws SSLException {
        return SslContextBuilder.forServer(server.getKeyPair().getPrivate(), server.getCertificatePath())
                .sslProvider(SslProvider.JDK).build();
    }

    /** A client context that trusts the generated authority, and nothing else. */
    SSLContext clientContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, authority.toTrustManagerFactory().getTrustManagers(), null);
        return context;
    }
}
