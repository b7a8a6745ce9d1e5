package io.eventhubsnative.local.amqp;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
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
import org.apache.qpid.proton.codec.AMQPType;
import org.apache.qpid.proton.codec.AbstractDescribedType;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.EncodingCodes;
import org.apache.qpid.proton.codec.TypeEncoding;
import org.apache.qpid.proton.codec.WritableBuffer;
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
        encoder.register(new Performative<>(
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
        encoder.register(new Performative<>(
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
        encoder.register(new Performative<>(
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
        encoder.register(new Performative<>(
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
        encoder.register(new WholeTransfer(encoder));
        encoder.register(new Performative<>(
                encoder,
                Disposition.class,
                0x15,
                d -> Arrays.<Object>asList(
                        role(d.getRole()), d.getFirst(), d.getLast(), d.getSettled(), d.getState(), d.getBatchable())));
        encoder.register(new Performative<>(
                encoder, Detach.class, 0x16, d -> Arrays.<Object>asList(d.getHandle(), d.getClosed(), d.getError())));
        encoder.register(new Performative<>(encoder, End.class, 0x17, e -> Arrays.<Object>asList(e.getError())));
        encoder.register(new Performative<>(encoder, Close.class, 0x18, c -> Arrays.<Object>asList(c.getError())));
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

    /**
     * A performative, written in one pass as its descriptor and a list32 of all its fields (nulls included) whose size
     * is filled in at the end. Performatives are only ever written at the top of a frame, never inside a value, so
     * nobody asks for their encoding's size beforehand.
     */
    private static class Performative<T> implements AMQPType<T> {
        final EncoderImpl encoder;
        private final Class<T> type;
        private final byte descriptor;
        private final Function<T, List<Object>> fields;

        Performative(EncoderImpl encoder, Class<T> type, int descriptor, Function<T, List<Object>> fields) {
            this.encoder = encoder;
            this.type = type;
            this.descriptor = (byte) descriptor;
            this.fields = fields;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public void write(T value) {
            List<Object> all = fields.apply(value);
            int sizeAt = begin(all.size());
            for (Object field : all) {
                encoder.writeObject(field);
            }
            end(sizeAt);
        }

        /** Writes the descriptor and the list's header; returns where its size goes. */
        final int begin(int count) {
            WritableBuffer buffer = encoder.getBuffer();
            buffer.put(EncodingCodes.DESCRIBED_TYPE_INDICATOR);
            buffer.put(EncodingCodes.SMALLULONG);
            buffer.put(descriptor);
            buffer.put(EncodingCodes.LIST32);
            int sizeAt = buffer.position();
            buffer.putInt(0);
            buffer.putInt(count);
            return sizeAt;
        }

        /** Fills in the size of the list begun at {@code sizeAt}: the bytes after the size field. */
        final void end(int sizeAt) {
            WritableBuffer buffer = encoder.getBuffer();
            int end = buffer.position();
            buffer.position(sizeAt);
            buffer.putInt(end - sizeAt - 4);
            buffer.position(end);
        }

        @Override
        public TypeEncoding<T> getEncoding(T value) {
            throw new UnsupportedOperationException("a performative is written at the top of a frame only");
        }

        @Override
        public TypeEncoding<T> getCanonicalEncoding() {
            throw new UnsupportedOperationException("a performative is written at the top of a frame only");
        }

        @Override
        public Collection<TypeEncoding<T>> getAllEncodings() {
            return Collections.emptyList();
        }
    }

    /** The transfer, one per event delivered: its fields written with typed calls, no list or lookup per field. */
    private static final class WholeTransfer extends Performative<Transfer> {
        WholeTransfer(EncoderImpl encoder) {
            super(encoder, Transfer.class, 0x14, null);
        }

        @Override
        public void write(Transfer t) {
            int sizeAt = begin(11);
            encoder.writeUnsignedInteger(t.getHandle());
            encoder.writeUnsignedInteger(t.getDeliveryId());
            encoder.writeBinary(t.getDeliveryTag());
            encoder.writeUnsignedInteger(t.getMessageFormat());
            encoder.writeBoolean(t.getSettled());
            encoder.writeBoolean(t.getMore());
            encoder.writeUnsignedByte(
                    t.getRcvSettleMode() == null ? null : t.getRcvSettleMode().getValue());
            encoder.writeObject(t.getState());
            encoder.writeBoolean(t.getResume());
            encoder.writeBoolean(t.getAborted());
            encoder.writeBoolean(t.getBatchable());
            end(sizeAt);
        }
    }

    /** An error (which may sit inside another value), encoded as its descriptor and all its fields, nulls included. */
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
