package io.eventhubsnative.local.amqp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 1.0 listener on one NIO selector thread, driving a proton-j engine per connection. Everything that
 * touches proton objects runs on that thread; other threads hand work over with {@link #call}.
 */
public final class AmqpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpServer.class);
    private static final long AUTH_CHECK_INTERVAL_MS = 1000;
    // Links outlive their token by this much, as a tolerance for clock skew and for a refresh that a busy client sends
    // late; a token that is not renewed at all still ends its links within seconds of its expiry.
    static final long EXPIRED_LINK_GRACE_MS = 5000;

    private final ServerSettings settings;
    private final SasTokens sasTokens;
    private final Selector selector;
    private volatile boolean down;
    private volatile java.util.function.Predicate<String> held = address -> false;
    private final ServerSocketChannel acceptor;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> timers = new PriorityQueue<>();
    private final AtomicBoolean appended = new AtomicBoolean();
    private final List<AmqpConnection> connections = new ArrayList<>();
    private final ConsumerRegistry consumers = new ConsumerRegistry();
    private final EventCodec codec = new EventCodec();
    private volatile boolean running = true;
    private long timerSequence;

    private record Timed(long due, long sequence, Runnable task) implements Comparable<Timed> {
        @Override
        public int compareTo(Timed other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    private AmqpServer(ServerSettings settings, String host, int port) throws IOException {
        this.settings = settings;
        this.sasTokens = new SasTokens(settings.sasKeys());
        this.selector = Selector.open();
        this.acceptor = ServerSocketChannel.open();
        acceptor.bind(new InetSocketAddress(host, port));
        acceptor.configureBlocking(false);
        acceptor.register(selector, SelectionKey.OP_ACCEPT);
        settings.store().onAppend(this::onAppend);
        this.thread = new Thread(this::run, "local-eventhubs-io");
        thread.setDaemon(true);
    }

    /** Binds {@code host:port} (0 picks a free port) and starts the I/O thread. */
    public static AmqpServer start(ServerSettings settings, String host, int port) throws IOException {
        AmqpServer server = new AmqpServer(settings, host, port);
        server.schedule(AUTH_CHECK_INTERVAL_MS, server::checkAuthorizations);
        server.thread.start();
        return server;
    }

    public int port() {
        return ((InetSocketAddress) acceptor.socket().getLocalSocketAddress()).getPort();
    }

    ServerSettings settings() {
        return settings;
    }

    SasTokens sasTokens() {
        return sasTokens;
    }

    EventCodec codec() {
        return codec;
    }

    ConsumerRegistry consumers() {
        return consumers;
    }

    /** Runs {@code task} on the I/O thread and waits for it. */
    public void call(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        selector.wakeup();
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the endpoint's I/O thread", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The endpoint's I/O thread failed to run a task", e);
        }
    }

    /** Closes every client connection with an AMQP error, or drops the sockets when {@code error} is null. */
    public void closeConnections(ErrorCondition error) {
        call(() -> List.copyOf(connections).forEach(c -> {
            if (error == null) {
                c.abort();
            } else {
                c.close(error);
            }
        }));
    }

    /** How many client connections are open now. */
    public int openConnections() {
        int[] count = new int[1];
        call(() -> count[0] = connections.size());
        return count[0];
    }

    /** How many consumer links are attached now to addresses that pass the filter. */
    public int attachedConsumers(java.util.function.Predicate<String> address) {
        int[] count = new int[1];
        call(() -> count[0] = (int) consumers.all().stream()
                .filter(c -> address.test(c.address().path()))
                .count());
        return count[0];
    }

    /** Detaches every consumer link (client receive link) whose address passes the filter, with the given error. */
    public void detachConsumers(java.util.function.Predicate<String> address, ErrorCondition error) {
        call(() -> consumers.all().stream()
                .filter(c -> address.test(c.address().path()))
                .forEach(c -> c.connection().detach(c.sender(), error)));
    }

    /**
     * Holds back deliveries to the consumer links whose address passes the filter (the links stay attached and keep
     * their credit), as a slow or congested partition would; {@code address -> false} releases them.
     */
    public void holdDeliveries(java.util.function.Predicate<String> address) {
        held = address;
        forEachConnection(AmqpConnection::requestPump);
    }

    boolean deliveriesHeld(EntityAddress address) {
        return held.test(address.path());
    }

    /** Runs {@code task} on each open connection, on the I/O thread. */
    void forEachConnection(Consumer<AmqpConnection> task) {
        call(() -> List.copyOf(connections).forEach(task));
    }

    /** Schedules a task on the I/O thread; call from the I/O thread (or before it starts). */
    void schedule(long delayMillis, Runnable task) {
        timers.add(new Timed(System.currentTimeMillis() + delayMillis, timerSequence++, task));
    }

    private void onAppend() {
        if (appended.compareAndSet(false, true) && Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    private void run() {
        try {
            while (running) {
                long now = System.currentTimeMillis();
                long wait = waitMillis(now);
                if (wait == 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                handleKeys();
                runTasks();
                runTimers();
                boolean dataArrived = appended.getAndSet(false);
                now = System.currentTimeMillis();
                for (Iterator<AmqpConnection> it = connections.iterator(); it.hasNext(); ) {
                    AmqpConnection connection = it.next();
                    if (dataArrived) {
                        connection.requestPump();
                    }
                    connection.process(now);
                    if (connection.isClosed()) {
                        it.remove();
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed
        } catch (IOException | RuntimeException e) {
            LOG.error("The local Event Hubs endpoint's I/O loop failed", e);
        } finally {
            connections.forEach(AmqpConnection::abort);
        }
    }

    private long waitMillis(long now) {
        if (!tasks.isEmpty() || appended.get()) {
            return 0;
        }
        long deadline = now + 1000;
        for (AmqpConnection connection : connections) {
            if (connection.pumpRequested()) {
                return 0;
            }
            if (connection.nextDeadline() > 0) {
                deadline = Math.min(deadline, connection.nextDeadline());
            }
        }
        Timed next = timers.peek();
        if (next != null) {
            deadline = Math.min(deadline, next.due());
        }
        return Math.max(1, deadline - now);
    }

    private void handleKeys() throws IOException {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            AmqpConnection connection = (AmqpConnection) key.attachment();
            if (key.isWritable()) {
                connection.flush();
                connection.requestPump();
            }
            if (key.isValid() && key.isReadable()) {
                connection.readable();
            }
        }
    }

    /**
     * An outage: drops every connection and, until {@code down} is false again, closes each new one at once, as a
     * namespace that cannot be reached would. The events stay.
     */
    public void outage(boolean down) {
        this.down = down;
        if (down) {
            closeConnections(null);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = acceptor.accept()) != null) {
            if (down) {
                channel.close();
                continue;
            }
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            AmqpConnection connection = new AmqpConnection(this, channel, key);
            key.attach(connection);
            connections.add(connection);
            settings.counters().connectionAccepted();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void runTimers() {
        long now = System.currentTimeMillis();
        while (!timers.isEmpty() && timers.peek().due() <= now) {
            try {
                timers.poll().task().run();
            } catch (RuntimeException e) {
                LOG.warn("A scheduled endpoint task failed", e);
            }
        }
    }

    /** Detaches links whose token expired without a refresh, as the service does. */
    private void checkAuthorizations() {
        long now = System.currentTimeMillis() - EXPIRED_LINK_GRACE_MS;
        for (AmqpConnection connection : List.copyOf(connections)) {
            for (ConsumerLink consumer : List.copyOf(connection.consumers())) {
                if (!connection.authorizations().allows(consumer.address().audiencePath(), now)) {
                    connection.detach(
                            consumer.sender(),
                            Errors.of(
                                    Errors.UNAUTHORIZED,
                                    "ExpiredToken: The token for '"
                                            + consumer.address().path() + "' expired and was not renewed."));
                }
            }
        }
        schedule(AUTH_CHECK_INTERVAL_MS, this::checkAuthorizations);
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            acceptor.close();
            selector.close();
        } catch (IOException e) {
            LOG.debug("Closing the listener failed", e);
        }
    }
}
