package io.eventhubsnative.local.store;

import java.nio.charset.StandardCharsets;

/**
 * Maps a partition key to a partition the way Event Hubs does: Bob Jenkins' lookup3 {@code hashlittle2} over
 * the key's UTF-8 bytes, the two halves XOR-ed and narrowed to a short, modulo the partition count. Matching the
 * service matters: a keyed stream must land where the real hub (and the SDK's buffered producer) would put it.
 */
public final class PartitionKeys {

    private PartitionKeys() {}

    public static int partitionFor(String partitionKey, int partitionCount) {
        short hash = hash(partitionKey);
        return Math.abs(hash % partitionCount);
    }

    static short hash(String partitionKey) {
        byte[] data = partitionKey.getBytes(StandardCharsets.UTF_8);
        int[] abc = lookup3(data);
        return (short) (abc[2] ^ abc[1]);
    }

    /** Returns {a, b, c} after lookup3's final mix; (c, b) are hashlittle2's two results. */
    private static int[] lookup3(byte[] k) {
        int a = 0xdeadbeef + k.length;
        int b = a;
        int c = a;
        int i = 0;
        int left = k.length;
        while (left > 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            // mix(a, b, c)
            a -= c;
            a ^= Integer.rotateLeft(c, 4);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 6);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 8);
            b += a;
            a -= c;
            a ^= Integer.rotateLeft(c, 16);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 19);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 4);
            b += a;
            i += 12;
            left -= 12;
        }
        if (left == 0) {
            return new int[] {a, b, c};
        }
        // The tail: whole little-endian words where they fit, single bytes (sign-extended, as the SDK does) after.
        if (left == 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
        } else if (left >= 8) {
            a += word(k, i);
            b += word(k, i + 4);
            for (int j = left - 1; j >= 8; j--) {
                c += k[i + j] << (8 * (j - 8));
            }
        } else if (left >= 4) {
            a += word(k, i);
            for (int j = left - 1; j >= 4; j--) {
                b += k[i + j] << (8 * (j - 4));
            }
        } else {
            for (int j = left - 1; j >= 0; j--) {
                a += k[i + j] << (8 * j);
            }
        }
        // final(a, b, c)
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return new int[] {a, b, c};
    }

    private static int word(byte[] k, int i) {
        return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
    }
}
