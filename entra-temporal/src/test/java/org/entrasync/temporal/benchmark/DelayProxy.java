package org.entrasync.temporal.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An in-process TCP proxy on 127.0.0.1 that delays every byte by half a round trip in each
 * direction, as a network between the worker and a managed database does (a statement's answer
 * comes a full round trip after it was sent). Nagle's algorithm is off on both sides. A parked
 * thread wakes late on a busy machine, so the proxy learns how late and wakes that much earlier
 * (on average the delay is the one asked for); the suite measures and prints the round trip it gets.
 */
final class DelayProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final long halfDelayNanos;
  private final ExecutorService threads;
  private volatile boolean closed;
  /** How much earlier than its release a direction wakes, learnt from how late wake-ups were (shared). */
  private final java.util.concurrent.atomic.AtomicLong lateness = new java.util.concurrent.atomic.AtomicLong();

  DelayProxy(int targetPort, Duration roundTrip) {
    this.targetPort = targetPort;
    this.halfDelayNanos = roundTrip.toNanos() / 2;
    AtomicInteger n = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bench-db-proxy-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException("The database delay proxy could not listen", e);
    }
    threads.execute(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("bench database proxy: " + e);
        }
      }
    }
  }

  /**
   * One direction, on one thread: read what arrived, wait until half a round trip after it arrived,
   * pass it on. (The database protocol is request and answer, so a direction rarely has two chunks in
   * flight; one thread per direction keeps the proxy's own scheduling delay small.)
   */
  private void pipe(Socket from, Socket to) {
    threads.execute(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
          long releaseAt = System.nanoTime() + halfDelayNanos;
          // A parked thread wakes late (timer slack, a busy machine): wake earlier by the lateness seen so far.
          long early = lateness.get();
          long wait;
          while ((wait = releaseAt - early - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          if (halfDelayNanos > 0) {
            long late = System.nanoTime() - releaseAt;
            lateness.updateAndGet(l -> Math.max(0, l + (late / 8)));
          }
          out.write(buffer, 0, read);
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException e) {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    threads.shutdownNow();
  }
}
