package dev.h1.codec.decoder;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 3986 §3.2.2 IPv6address, checked directly on {@link HostSyntax} (the decoder tests go through Host). */
class HostSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "::", "::1", "1::", "fe80::", "2001:db8::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
            "1::8", "::ffff:192.0.2.1", "1:2:3:4:5:6:1.2.3.4", "64:ff9b::10.0.0.1", "ABCD:ef01::", "0:0:0:0:0:0:0:0"})
    void acceptsIpv6Addresses(String address) {
        assertTrue(HostSyntax.isIpv6(address, 0, address.length()), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", ":", ":::", "1", "1:2", "::1::2", "1:2:3:4:5:6:7:8:9", "12345::1", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4",
            ":1::", "1::2:", "1:", "::256.1.1.1", "::01.1.1.1", "g::1", "1:2:3:4:5:6:7:8::", "::1.2.3.4.5"})
    void rejectsWhatIsNotAnIpv6Address(String address) {
        assertFalse(HostSyntax.isIpv6(address, 0, address.length()), address);
    }
}
