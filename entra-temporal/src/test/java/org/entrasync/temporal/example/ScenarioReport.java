package org.entrasync.temporal.example;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entrasync.core.model.ManagedTenant;

/** The short human-readable account of a played scenario, printed before the JSON (on stderr). */
final class ScenarioReport {
  private ScenarioReport() {}

  static String render(String scenarioName, JsonNode output, List<ManagedTenant> tenants) {
    Map<String, String> names = new HashMap<>();
    StringBuilder out = new StringBuilder();
    out.append("entrasync example host: scenario '").append(scenarioName).append("'\n");
    JsonNode connection = output.path("connection");
    out.append("Connection: ").append(connection.path("type").asText("none")).append(", ")
        .append(connection.path("status").asText()).append('\n');

    out.append("\nDiscovered ").append(tenants.size()).append(" managed tenant(s):\n");
    for (ManagedTenant t : tenants) {
      names.put(t.id().value(), t.displayName());
      out.append(String.format("  %-28s %-28s %s users%s%n", t.displayName(), t.primaryDomain() == null ? "-" : t.primaryDomain(),
          t.bestKnownUserCount() == null ? "?" : t.bestKnownUserCount(), t.present() ? "" : "  (no longer listed)"));
    }

    JsonNode previews = output.path("previews");
    if (previews.size() > 0) {
      JsonNode p = previews.get(previews.size() - 1);
      out.append("\nMapping preview: ").append(p.path("autoMatched").size()).append(" auto-matched, ")
          .append(p.path("needsReview").size()).append(" need review, ").append(p.path("unmatched").size()).append(" unmatched\n");
      for (JsonNode row : p.path("autoMatched")) {
        out.append("  auto   ").append(name(names, row)).append(" -> ").append(row.path("clientId").asText())
            .append(" (").append(row.path("reason").asText()).append(' ').append(row.path("score").asDouble()).append(")\n");
      }
      for (JsonNode row : p.path("needsReview")) {
        out.append("  review ").append(name(names, row)).append(": ");
        for (JsonNode c : row.path("candidates")) {
          out.append(c.path("clientId").asText()).append(" (").append(c.path("reason").asText()).append(' ')
              .append(c.path("score").asDouble()).append(") ");
        }
        out.append('\n');
      }
      for (JsonNode row : p.path("unmatched")) {
        out.append("  none   ").append(name(names, row)).append('\n');
      }
    }

    out.append("\nMappings:\n");
    for (JsonNode m : output.path("mappings")) {
      out.append("  ").append(name(names, m)).append(": ").append(m.path("state").asText())
          .append(m.path("clientId").isNull() ? "" : " -> " + m.path("clientId").asText()).append('\n');
    }

    out.append("\nRuns:\n");
    for (JsonNode run : output.path("runs")) {
      out.append("  ").append(run.path("kind").asText()).append(run.path("dryRun").asBoolean() ? " (dry run)" : "")
          .append(": ").append(run.path("status").asText()).append("  ").append(counters(run.path("counters"))).append('\n');
      for (JsonNode t : run.path("tenants")) {
        out.append("    ").append(name(names, t)).append(": ").append(t.path("status").asText());
        if (!t.path("eligibleUsers").isNull()) {
          out.append(", ").append(t.path("eligibleUsers").asInt()).append(" eligible users");
        }
        if (!t.path("error").isNull()) {
          out.append(" - ").append(t.path("error").asText());
        }
        out.append('\n');
      }
    }

    JsonNode held = output.path("heldDeletions");
    if (held.size() > 0) {
      out.append("\nHeld deletions (approve to apply):\n");
      for (JsonNode h : held) {
        out.append("  ").append(name(names, h)).append(": ").append(h.path("count").asInt()).append(" held, ")
            .append(h.path("reason").asText()).append('\n');
      }
    }

    long open = 0;
    for (JsonNode q : output.path("queue")) {
      if ("open".equals(q.path("status").asText())) {
        open++;
      }
    }
    out.append("\nReview queue: ").append(open).append(" open item(s)\n");
    for (JsonNode q : output.path("queue")) {
      out.append("  ").append(q.path("entraObjectId").asText()).append(" in ").append(q.path("clientId").asText())
          .append(": ").append(q.path("status").asText()).append(", candidates ").append(q.path("candidateContactIds")).append('\n');
    }
    int refused = 0;
    StringBuilder refusals = new StringBuilder();
    int index = 0;
    for (JsonNode s : output.path("steps")) {
      index++;
      if (!s.path("ok").asBoolean()) {
        refused++;
        refusals.append("  #").append(index).append(' ').append(s.path("do").asText()).append(": ")
            .append(s.path("error").asText()).append('\n');
      }
    }
    out.append("\nSteps: ").append(output.path("steps").size()).append(" played, ").append(refused).append(" refused\n");
    out.append(refusals);
    out.append("Contacts: ").append(output.path("contacts").size()).append(" in the host\n");
    return out.toString();
  }

  private static String name(Map<String, String> names, JsonNode row) {
    String id = row.path("tenantId").asText();
    return names.getOrDefault(id, id);
  }

  private static String counters(JsonNode c) {
    return "created " + c.path("created").asInt() + ", linked " + c.path("linked").asInt() + ", updated "
        + c.path("updated").asInt() + ", unchanged " + c.path("unchanged").asInt() + ", ambiguous "
        + c.path("ambiguous").asInt() + ", inactivated " + c.path("inactivated").asInt() + ", reactivated "
        + c.path("reactivated").asInt() + ", skipped " + c.path("skipped").asInt();
  }
}
