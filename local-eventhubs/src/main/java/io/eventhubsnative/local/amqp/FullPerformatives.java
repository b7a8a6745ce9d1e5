package io.eventhubsnative.local.amqp;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.Disposition;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.amqp.transport.Role;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.AbstractDescribedType;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.engine.Transport;

/**
 * Makes a transport send every performative (and error) with all its fields. AMQP lets a list leave out trailing null
 * fields, and proton-j does (its Open carries 5 of 10); the Python SDK's AMQP stack reads performatives by position,
 * so a short one fails it ({@code IndexError}), and it takes a transfer's payload to start after the 11th field. The
 * service sends them whole; so does the endpoint, to every client.
 */
final class FullPerformatives {

    private FullPerformatives() {}

    /** Registers the whole-list encodings on {@code transport}'s encoder, before it writes its first frame. */
    static void install(Transport transport) {
        EncoderImpl encoder = encoderOf(transport);
        encoder.register(new Whole<>(
                encoder,
                Open.class,
                0x10,
                o -> Arrays.<Object>asList(
                        o.getContainerId(),
                        o.getHostname(),
                        o.getMaxFrameSize(),
                        o.getChannelMax(),
                        o.getIdleTimeOut(),
                        o.getOutgoingLocales(),
                        o.getIncomingLocales(),
                        o.getOfferedCapabilities(),
                        o.getDesiredCapabilities(),
                        o.getProperties())));
        encoder.register(new Whole<>(
                encoder,
                Begin.class,
                0x11,
                b -> Arrays.<Object>asList(
                        b.getRemoteChannel(),
                        b.getNextOutgoingId(),
                        b.getIncomingWindow(),
                        b.getOutgoingWindow(),
                        b.getHandleMax(),
                        b.getOfferedCapabilities(),
                        b.getDesiredCapabilities(),
                        b.getProperties())));
        encoder.register(new Whole<>(
                encoder,
                Attach.class,
                0x12,
                a -> Arrays.<Object>asList(
                        a.getName(),
                        a.getHandle(),
                        role(a.getRole()),
                        a.getSndSettleMode() == null
                                ? SenderSettleMode.MIXED.getValue()
                                : a.getSndSettleMode().getValue(),
                        a.getRcvSettleMode() == null
                                ? ReceiverSettleMode.FIRST.getValue()
                                : a.getRcvSettleMode().getValue(),
                        a.getSource(),
                        a.getTarget(),
                        a.getUnsettled(),
                        a.getIncompleteUnsettled(),
                        a.getInitialDeliveryCount(),
                        a.getMaxMessageSize(),
                        a.getOfferedCapabilities(),
                        a.getDesiredCapabilities(),
                        a.getProperties())));
        encoder.register(new Whole<>(
                encoder,
                Flow.class,
                0x13,
                f -> Arrays.<Object>asList(
                        f.getNextIncomingId(),
                        f.getIncomingWindow(),
                        f.getNextOutgoingId(),
                        f.getOutgoingWindow(),
                        f.getHandle(),
                        f.getDeliveryCount(),
                        f.getLinkCredit(),
                        f.getAvailable(),
                        f.getDrain(),
                        f.getEcho(),
                        f.getProperties())));
        encoder.register(new Whole<>(
                encoder,
                Transfer.class,
                0x14,
                t -> Arrays.<Object>asList(
                        t.getHandle(),
                        t.getDeliveryId(),
                        t.getDeliveryTag(),
                        t.getMessageFormat(),
                        t.getSettled(),
                        t.getMore(),
                        t.getRcvSettleMode() == null
                                ? null
                                : t.getRcvSettleMode().getValue(),
                        t.getState(),
                        t.getResume(),
                        t.getAborted(),
                        t.getBatchable())));
        encoder.register(new Whole<>(
                encoder,
                Disposition.class,
                0x15,
                d -> Arrays.<Object>asList(
                        role(d.getRole()), d.getFirst(), d.getLast(), d.getSettled(), d.getState(), d.getBatchable())));
        encoder.register(new Whole<>(
                encoder, Detach.class, 0x16, d -> Arrays.<Object>asList(d.getHandle(), d.getClosed(), d.getError())));
        encoder.register(new Whole<>(encoder, End.class, 0x17, e -> Arrays.<Object>asList(e.getError())));
        encoder.register(new Whole<>(encoder, Close.class, 0x18, c -> Arrays.<Object>asList(c.getError())));
        encoder.register(new Whole<>(
                encoder,
                ErrorCondition.class,
                0x1d,
                e -> Arrays.<Object>asList(e.getCondition(), e.getDescription(), e.getInfo())));
    }

    /** AMQP encodes a role as a boolean: true for the receiver. */
    private static Boolean role(Role role) {
        return role == Role.RECEIVER;
    }

    /**
     * proton-j keeps the encoder of a transport's frames private; it has been the same field since proton-j's first
     * releases, and the endpoint's tests (every client's) fail at once if a proton-j version moves it.
     */
    private static EncoderImpl encoderOf(Transport transport) {
        try {
            Field field = transport.getClass().getDeclaredField("_encoder");
            field.setAccessible(true);
            return (EncoderImpl) field.get(transport);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "This proton-j keeps its transport's encoder elsewhere: the endpoint cannot send whole"
                            + " performatives with it",
                    e);
        }
    }

    /** A performative encoded as its descriptor and the list of all its fields, nulls included. */
    private static final class Whole<T> extends AbstractDescribedType<T, List<Object>> {
        private final Class<T> type;
        private final UnsignedLong descriptor;
        private final Function<T, List<Object>> fields;

        Whole(EncoderImpl encoder, Class<T> type, long descriptor, Function<T, List<Object>> fields) {
            super(encoder);
            this.type = type;
            this.descriptor = UnsignedLong.valueOf(descriptor);
            this.fields = fields;
        }

        @Override
        protected UnsignedLong getDescriptor() {
            return descriptor;
        }

        @Override
        protected List<Object> wrap(T value) {
            return fields.apply(value);
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }
    }
}
