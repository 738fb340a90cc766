package dev.s4j.spark;

import dev.s4j.autograd.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * Sums gradients over direct TCP connections to task 0, a star: when the stage starts, task 0
 * listens on a free port of its executor (whose address Spark's barrier task infos give) and tells
 * the other tasks the port and a random token with one {@code allGather}; they connect and send
 * their task index and the token (a connection without it is refused). Then, every step, each other
 * task sends its {@link GradientMessage} to task 0, which sums all T messages in task order and
 * sends the summed gradients back. No driver, no polling: a step costs two transfers of the
 * gradients per task, and T of them at task 0 (for many tasks or very large models a ring or a
 * tree would spread that load).
 */
final class StarExchange implements GradientExchange {
    /** How long a connection or a message may take before the stage fails. */
    private static final int TIMEOUT_MS = 10 * 60 * 1000;
    private final int task;
    private final ServerSocket server;
    /** Task 0: the connections of tasks 1 … T−1 in order; the others: the connection to task 0. */
    private final List<Connection> peers;

    private StarExchange(int task, ServerSocket server, List<Connection> peers) {
        this.task = task;
        this.server = server;
        this.peers = peers;
    }

    /** Connects the tasks of the barrier stage of {@code ctx} (every task calls this once). */
    static StarExchange open(BarrierTaskContext ctx) {
        int task = ctx.partitionId();
        int tasks = ctx.getTaskInfos().length;
        String host = host(ctx.getTaskInfos()[0].address());
        try {
            if (task == 0) {
                long token = new SecureRandom().nextLong();
                ServerSocket server = new ServerSocket();
                server.bind(new InetSocketAddress(0), tasks);
                server.setSoTimeout(TIMEOUT_MS);
                ctx.allGather(server.getLocalPort() + " " + token);
                Connection[] byTask = new Connection[tasks];
                for (int i = 1; i < tasks; i++) {
                    Connection c = new Connection(server.accept());
                    int from = c.in.readInt();
                    if (c.in.readLong() != token || from < 1 || from >= tasks || byTask[from] != null) {
                        c.close();
                        throw new IOException("a connection to the gradient exchange that is not from this stage's tasks (from "
                                + c.socket.getRemoteSocketAddress() + ")");
                    }
                    byTask[from] = c;
                }
                List<Connection> peers = new ArrayList<>(Arrays.asList(byTask).subList(1, tasks));
                return new StarExchange(task, server, peers);
            }
            String[] zero = ctx.allGather("")[0].split(" ");
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, Integer.parseInt(zero[0])), TIMEOUT_MS);
            Connection c = new Connection(socket);
            c.out.writeInt(task);
            c.out.writeLong(Long.parseLong(zero[1]));
            c.out.flush();
            return new StarExchange(task, null, List.of(c));
        } catch (IOException e) {
            throw new UncheckedIOException("task " + task + ": could not connect the gradient exchange to task 0 at " + host + ": "
                    + e.getMessage(), e);
        }
    }

    /** The host of a barrier task's address ("host:port" or "host"). */
    private static String host(String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0 && address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }

    @Override
    public Replica.StepShare exchange(Replica.StepShare local, List<Parameter> parameters) {
        byte[] mine = GradientMessage.encode(local, parameters);
        try {
            if (task == 0) {
                List<byte[]> messages = new ArrayList<>(List.of(mine));
                for (Connection c : peers) {
                    messages.add(c.read());
                }
                Replica.StepShare total = GradientMessage.sumInto(messages, parameters);
                byte[] sum = GradientMessage.encode(total, parameters);
                for (Connection c : peers) {
                    c.write(sum);
                }
                return total;
            }
            Connection zero = peers.get(0);
            zero.write(mine);
            return GradientMessage.sumInto(List.of(zero.read()), parameters);    // task 0's sum, as it is
        } catch (IOException e) {
            throw new UncheckedIOException("task " + task + ": the gradient exchange failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (Connection c : peers) {
            c.close();
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
        }
    }

    /** One TCP connection with length-prefixed messages. */
    private static final class Connection {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        }

        byte[] read() throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return b;
        }

        void write(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
            out.flush();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing left to do with it
            }
        }
    }
}
