package io.eventhubsnative.local.amqp;

import io.eventhubsnative.local.store.Hub;
import io.eventhubsnative.local.store.PartitionLog;
import java.util.Arrays;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;

/** Decides what a link the client attaches is, checks that it may attach, and opens or refuses it. */
final class LinkRouter {

    static final Symbol EPOCH = Symbol.valueOf("com.microsoft:epoch");
    static final Symbol RUNTIME_METRIC = Symbol.valueOf("com.microsoft:enable-receiver-runtime-metric");

    private final AmqpConnection connection;

    LinkRouter(AmqpConnection connection) {
        this.connection = connection;
    }

    void attach(Link link) {
        if (link instanceof Sender sender) {
            attachOutgoing(sender);
        } else {
            attachIncoming((Receiver) link);
        }
    }

    /** The client receives: a reply link of $cbs/$management, or a partition consumer. */
    private void attachOutgoing(Sender sender) {
        Source source = (Source) sender.getRemoteSource();
        EntityAddress address = EntityAddress.parse(source == null ? null : source.getAddress());
        switch (address.kind()) {
            case CBS, MANAGEMENT -> {
                AmqpConnection.accept(sender);
                Target target = (Target) sender.getRemoteTarget();
                connection.registerReplyLink(
                        RequestLinks.replyKeys(
                                sender, source.getAddress(), target == null ? null : target.getAddress()),
                        sender);
                sender.open();
            }
            case CONSUMER -> attachConsumer(sender, source, address);
            default ->
                connection.refuse(
                        sender,
                        Errors.of(
                                Errors.NOT_FOUND,
                                Errors.entityNotFound(connection.host(), String.valueOf(address.path()))));
        }
    }

    private void attachConsumer(Sender sender, Source source, EntityAddress address) {
        Hub hub = connection.server().settings().store().hub(address.hub());
        if (hub == null) {
            connection.refuse(
                    sender, Errors.of(Errors.NOT_FOUND, Errors.entityNotFound(connection.host(), address.hub())));
            return;
        }
        if (!hub.hasConsumerGroup(address.consumerGroup())) {
            connection.refuse(
                    sender,
                    Errors.of(
                            Errors.NOT_FOUND,
                            Errors.entityNotFound(
                                    connection.host(), hub.name() + "/consumergroups/" + address.consumerGroup())));
            return;
        }
        PartitionLog log = hub.partition(address.partitionId());
        if (log == null) {
            connection.refuse(
                    sender,
                    Errors.of(
                            Errors.ARGUMENT_OUT_OF_RANGE,
                            Errors.invalidPartition(address.partitionId(), hub.partitionCount())));
            return;
        }
        if (!connection.authorizations().allows(address.audiencePath(), System.currentTimeMillis())) {
            connection.refuse(
                    sender,
                    Errors.of(Errors.UNAUTHORIZED, Errors.unauthorized("Listen", connection.host(), address.path())));
            return;
        }
        long start;
        try {
            start = StartPosition.resolve(source, log);
        } catch (StartPosition.Invalid invalid) {
            connection.refuse(sender, Errors.of(invalid.condition, invalid.getMessage()));
            return;
        }
        Map<Symbol, Object> properties = sender.getRemoteProperties();
        Object epoch = properties == null ? null : properties.get(EPOCH);
        Symbol[] capabilities = sender.getRemoteDesiredCapabilities();
        boolean runtimeMetric =
                capabilities != null && Arrays.asList(capabilities).contains(RUNTIME_METRIC);
        ConsumerLink consumer = new ConsumerLink(
                connection,
                sender,
                log,
                address,
                epoch instanceof Number n ? n.longValue() : null,
                runtimeMetric,
                start);
        ConsumerRegistry.Refusal refusal = connection.server().consumers().admit(consumer);
        if (refusal != null) {
            connection.refuse(sender, Errors.of(refusal.condition(), refusal.description()));
            return;
        }
        AmqpConnection.accept(sender);
        if (runtimeMetric) {
            sender.setOfferedCapabilities(new Symbol[] {RUNTIME_METRIC});
        }
        sender.setContext(consumer);
        connection.consumers().add(consumer);
        connection.counters().linkAttached(address.path());
        sender.open();
        connection.requestPump();
    }

    /** The client sends: requests to $cbs/$management, or events to a hub or partition. */
    private void attachIncoming(Receiver receiver) {
        Target target = (Target) receiver.getRemoteTarget();
        EntityAddress address = EntityAddress.parse(target == null ? null : target.getAddress());
        switch (address.kind()) {
            case CBS -> openRequestLink(receiver, new CbsLink(connection, receiver));
            case MANAGEMENT -> openRequestLink(receiver, new ManagementLink(connection, receiver));
            case HUB, PARTITION -> attachProducer(receiver, address);
            default ->
                connection.refuse(
                        receiver,
                        Errors.of(
                                Errors.NOT_FOUND,
                                Errors.entityNotFound(connection.host(), String.valueOf(address.path()))));
        }
    }

    private void openRequestLink(Receiver receiver, LinkHandler handler) {
        AmqpConnection.accept(receiver);
        receiver.setContext(handler);
        receiver.open();
        receiver.flow(RequestLinks.CREDIT);
    }

    private void attachProducer(Receiver receiver, EntityAddress address) {
        Hub hub = connection.server().settings().store().hub(address.hub());
        if (hub == null) {
            connection.refuse(
                    receiver, Errors.of(Errors.NOT_FOUND, Errors.entityNotFound(connection.host(), address.hub())));
            return;
        }
        PartitionLog partition = null;
        if (address.kind() == EntityAddress.Kind.PARTITION) {
            partition = hub.partition(address.partitionId());
            if (partition == null) {
                connection.refuse(
                        receiver,
                        Errors.of(
                                Errors.ARGUMENT_OUT_OF_RANGE,
                                Errors.invalidPartition(address.partitionId(), hub.partitionCount())));
                return;
            }
        }
        if (!connection.authorizations().allows(address.audiencePath(), System.currentTimeMillis())) {
            connection.refuse(
                    receiver,
                    Errors.of(Errors.UNAUTHORIZED, Errors.unauthorized("Send", connection.host(), address.path())));
            return;
        }
        AmqpConnection.accept(receiver);
        // The SDK sizes its send buffer and its batches from this; without it every send fails.
        receiver.setMaxMessageSize(
                UnsignedLong.valueOf(connection.server().settings().maxMessageSize()));
        receiver.setContext(new ProducerLink(connection, receiver, hub, partition));
        connection.counters().linkAttached(address.path());
        receiver.open();
        receiver.flow(ProducerLink.CREDIT);
    }
}
