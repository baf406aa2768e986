package org.entrasync.temporal.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the example host: plays {@code -Dentrasync.scenario=/path.json} (default: the bundled demo
 * MSP), prints a short report on stderr and the output JSON on stdout, and with {@code
 * -Dentrasync.output=/path.json} also writes the JSON there. Exit code 2 for an unknown step, 1 for
 * any other failure.
 *
 * <p>{@code mvn -B -q -pl entra-temporal -am -Pexample verify}
 */
public final class ExampleMain {
  static final String DEMO_RESOURCE = "scenarios/demo-msp.json";

  private ExampleMain() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String scenarioPath = System.getProperty("entrasync.scenario", "").trim();
    JsonNode scenario;
    if (scenarioPath.isEmpty()) {
      try (InputStream in = ExampleMain.class.getClassLoader().getResourceAsStream(DEMO_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("The bundled demo scenario " + DEMO_RESOURCE + " is missing from the classpath");
        }
        scenario = json.readTree(in);
      }
    } else {
      scenario = json.readTree(Files.readString(Path.of(scenarioPath), StandardCharsets.UTF_8));
    }
    int exit = 0;
    try {
      // An unknown step is refused before the host starts: fast, and nothing half-played.
      ScenarioRunner.checkSteps(scenario);
    } catch (UnknownStepException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try (ExampleHost host = ExampleHost.forScenario(scenario)) {
      ObjectNode output = new ScenarioRunner(host).play(scenario);
      String document = json.writeValueAsString(output);
      System.err.println(ScenarioReport.render(scenario.path("name").asText("scenario"), output,
          host.storage().managedTenants().list(ExampleHost.MSP)));
      System.out.println(document);
      String outputPath = System.getProperty("entrasync.output", "").trim();
      if (!outputPath.isEmpty()) {
        Files.writeString(Path.of(outputPath), document + System.lineSeparator(), StandardCharsets.UTF_8);
      }
    } catch (UnknownStepException e) {
      System.err.println(e.getMessage());
      exit = 2;
    } catch (Exception | Error e) {
      // Anything else, the host failing to start included: exit 1 rather than leave the JVM
      // running on the Temporal and emulator threads.
      System.err.println("The scenario failed: " + e);
      e.printStackTrace();
      exit = 1;
    }
    System.exit(exit);
  }
}
