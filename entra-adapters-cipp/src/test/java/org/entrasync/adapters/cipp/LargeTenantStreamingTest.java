package org.entrasync.adapters.cipp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entrasync.adapters.cipp.testing.CippEmulator;
import org.entrasync.core.testing.EmulatedDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 50,000-user tenant (tens of MB of JSON in all) listed by the real gateway, page by page through
 * ListGraphRequest, in a forked JVM whose heap is far smaller than the tenant; and, as the control,
 * CIPP's one-answer ListUsers of the same tenant parsed as one Jackson tree in the same heap, which
 * must run out of memory. The emulator runs here, in the test JVM, so only the client's memory is
 * measured.
 */
class LargeTenantStreamingTest {
  static final String HEAP = "-Xmx32m";
  static final int USERS = 50_000;
  static final String TENANT = "1a2b3c4d-5555-4e66-8f77-000000050000";
  static final String TOKEN = "large-tenant-token";

  static CippEmulator emulator;

  @BeforeAll
  static void bigTenant() {
    EmulatedDirectory directory = new EmulatedDirectory();
    directory.addTenant(TENANT, "Very Large Tenant", "large.example").addSyntheticUsers("c0ffee00", USERS);
    emulator = new CippEmulator(directory).start().acceptToken(TOKEN);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void streamsFiftyThousandUsersInASmallHeap() throws Exception {
    Result r = fork("stream", emulator.baseUrl(), TOKEN, TENANT, "c0ffee00");
    assertThat(r.output).contains("RESULT mode=stream users=50000 pages=51 complete=true inOrder=true");
    assertThat(r.exit).as(r.output).isZero();
    assertThat(emulator.requests("ListGraphRequest")).hasSize(51);
  }

  @Test
  void theSameAnswerAsOneTreeDoesNotFitThatHeap() throws Exception {
    Result r = fork("tree", emulator.baseUrl(), TOKEN, TENANT);
    assertThat(r.output).as("a tree of the whole answer must not fit in " + HEAP).contains("OutOfMemoryError");
    assertThat(r.exit).isEqualTo(3);
  }

  record Result(int exit, String output) {}

  static Result fork(String... args) throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:+UseSerialGC", "-Xss512k",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, LargeListingProbe.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the child finished").isTrue();
    String output = new String(out, StandardCharsets.UTF_8);
    System.out.println("[forked " + args[0] + " " + HEAP + "] " + output.strip());
    return new Result(process.exitValue(), output);
  }
}
