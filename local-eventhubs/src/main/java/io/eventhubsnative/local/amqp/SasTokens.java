package io.eventhubsnative.local.amqp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies {@code SharedAccessSignature sr=..&sig=..&se=..&skn=..} tokens against the namespace's keys: the
 * signature is HMAC-SHA256, keyed with the UTF-8 bytes of the key, over the URL-encoded resource, a newline and
 * the expiry in epoch seconds.
 */
public final class SasTokens {

    private static final String PREFIX = "SharedAccessSignature ";

    private final Map<String, String> keysByName;

    public SasTokens(Map<String, String> keysByName) {
        this.keysByName = Map.copyOf(keysByName);
    }

    /** A verified token: the resource path it covers (lower case, leading slash) and when it expires. */
    record Grant(String resourcePath, long expiresAtMillis) {}

    /** Thrown with the service's error text when a token is refused. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Why {@code token} is refused now, or null when it is a valid SAS token of a known key. */
    public String refusal(String token) {
        try {
            verify(token, System.currentTimeMillis());
            return null;
        } catch (Refused refused) {
            return refused.getMessage();
        }
    }

    Grant verify(String token, long nowMillis) throws Refused {
        if (token == null || !token.startsWith(PREFIX)) {
            throw new Refused(
                    "InvalidSignature: The token has an invalid format. Expected 'SharedAccessSignature sr=..&sig=..&se=..&skn=..'.");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : token.substring(PREFIX.length()).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1));
            }
        }
        String resource = fields.get("sr");
        String signature = fields.get("sig");
        String expiry = fields.get("se");
        String keyName = fields.get("skn");
        if (resource == null || signature == null || expiry == null || keyName == null) {
            throw new Refused("InvalidSignature: The token is missing one of sr, sig, se or skn.");
        }
        String key = keysByName.get(keyName);
        if (key == null) {
            throw new Refused("InvalidSignature: The token has an invalid signature. Unknown key name.");
        }
        long expirySeconds;
        try {
            expirySeconds = Long.parseLong(expiry);
        } catch (NumberFormatException e) {
            throw new Refused("InvalidSignature: The token has an invalid expiry.");
        }
        byte[] expected = sign(key, resource + "\n" + expiry);
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(decode(signature));
        } catch (IllegalArgumentException e) {
            throw new Refused("InvalidSignature: The token has an invalid signature.");
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new Refused("InvalidSignature: The token has an invalid signature.");
        }
        if (expirySeconds * 1000 <= nowMillis) {
            throw new Refused("ExpiredToken: The token is expired. Expiration time: '" + expirySeconds + "'.");
        }
        return new Grant(pathOf(decode(resource)), expirySeconds * 1000);
    }

    /** The path of an audience or resource URI, lower case with a leading slash and no trailing one. */
    static String pathOf(String uri) {
        String path;
        try {
            String withScheme = uri.contains("://") ? uri : "sb://" + uri;
            path = URI.create(withScheme).getPath();
        } catch (IllegalArgumentException e) {
            // Not a URI (e.g. unencoded '$' in a path is fine, but spaces are not): fall back to the text after the
            // host.
            int start = uri.indexOf("://");
            String rest = start >= 0 ? uri.substring(start + 3) : uri;
            int slash = rest.indexOf('/');
            path = slash >= 0 ? rest.substring(slash) : "";
        }
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.toLowerCase(Locale.ROOT);
    }

    /** Whether a grant for {@code grantPath} covers {@code path}: equal, or an ancestor at a segment boundary. */
    static boolean covers(String grantPath, String path) {
        if (grantPath.equals("/") || grantPath.equals(path)) {
            return true;
        }
        return path.startsWith(grantPath) && path.charAt(grantPath.length()) == '/';
    }

    private static byte[] sign(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
