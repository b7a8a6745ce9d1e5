package io.eventhubsnative.local.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Transport;
import org.junit.jupiter.api.Test;

/** The frames a transport with whole performatives writes, read byte by byte as a positional decoder reads them. */
class FullPerformativesTest {

    @Test
    void openAndCloseCarryAllTheirFieldsAndAnErrorItsThree() {
        Transport transport = Proton.transport();
        FullPerformatives.install(transport);
        Connection connection = Proton.connection();
        transport.bind(connection);
        connection.setContainer("local-eventhubs");
        connection.open();
        connection.setCondition(new ErrorCondition(Symbol.valueOf("amqp:internal-error"), "stopping"));
        connection.close();

        List<int[]> performatives = performatives(output(transport));
        // {descriptor, field count}: open has 10 fields, close 1; the close's error (condition, description, info) 3.
        assertThat(performatives).extracting(p -> p[0]).containsExactly(0x10, 0x18);
        assertThat(performatives.get(0)[1]).as("fields of open").isEqualTo(10);
        assertThat(performatives.get(1)[1]).as("fields of close").isEqualTo(1);
        assertThat(performatives.get(1)[2]).as("fields of close's error").isEqualTo(3);
    }

    @Test
    void withoutItProtonLeavesTrailingNullFieldsOut() {
        Transport transport = Proton.transport();
        Connection connection = Proton.connection();
        transport.bind(connection);
        connection.setContainer("local-eventhubs");
        connection.open();

        assertThat(performatives(output(transport)).get(0)[1])
                .as("what a positional decoder got before")
                .isLessThan(10);
    }

    private static ByteBuffer output(Transport transport) {
        ByteBuffer head = transport.head();
        ByteBuffer copy = ByteBuffer.allocate(head.remaining());
        copy.put(head).flip();
        transport.pop(copy.limit());
        return copy;
    }

    /** Per frame after the 8-byte protocol header: descriptor code, list count, and the first nested list's count. */
    private static List<int[]> performatives(ByteBuffer out) {
        List<int[]> found = new ArrayList<>();
        out.position(8);
        while (out.remaining() >= 8) {
            int start = out.position();
            int size = out.getInt();
            int dataOffset = out.get() * 4;
            out.position(start + dataOffset);
            assertThat(out.get()).as("described type").isEqualTo((byte) 0x00);
            assertThat(out.get()).as("small ulong descriptor").isEqualTo((byte) 0x53);
            int descriptor = out.get() & 0xff;
            int count = listCount(out);
            int nested = -1;
            if (descriptor == 0x18 && out.get() == 0x00) {
                out.get(); // 0x53
                out.get(); // error descriptor 0x1d
                nested = listCount(out);
            }
            found.add(new int[] {descriptor, count, nested});
            out.position(start + size);
        }
        return found;
    }

    private static int listCount(ByteBuffer out) {
        int constructor = out.get() & 0xff;
        if (constructor == 0x45) {
            return 0;
        }
        if (constructor == 0xc0) {
            out.get(); // size
            return out.get() & 0xff;
        }
        assertThat(constructor).as("list32").isEqualTo(0xd0);
        out.getInt(); // size
        return out.getInt();
    }
}
