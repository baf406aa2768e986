package org.entrasync.temporal.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.entrasync.adapters.jdbi.JdbiStorage;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer;
import org.entrasync.adapters.jdbi.testing.TestDatabase;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.mapping.MappingPreview;
import org.entrasync.core.internal.mapping.MappingService;
import org.entrasync.core.model.DiscoveredTenant;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.ManagedTenant;
import org.entrasync.core.rules.TenantMatch;
import org.entrasync.core.rules.TenantMatcher;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.MspTenantId;

/**
 * The mapping preview at MSP scale ({@code -Dentrasync.bench.suite=preview}): a generated MSP of
 * {@code entrasync.bench.preview.tenants} managed tenants (default 5,000) and {@code
 * entrasync.bench.preview.clients} reference-host clients (default 5,000) with realistic names and
 * domains, on embedded PostgreSQL. Measures {@link MappingService#preview} (reads, the client index,
 * one lookup per tenant), {@link MappingService#decide} accepting auto-matches (what a confirm does
 * before it saves), and the all-pairs preview it replaced (the same reads, then {@link
 * TenantMatcher#match} per tenant over every client), checks the two previews agree tenant by
 * tenant, and prints whether the preview stays under 2 s.
 */
final class PreviewBenchmark {
  static final MspTenantId MSP = MspTenantId.of("bench-preview-msp");
  private static final double TARGET_SECONDS = 2.0;
  private static final int WARMUP_RUNS = 3;
  private static final int MEASURED_RUNS = 5;

  private PreviewBenchmark() {}

  static void run() {
    int tenantCount = BenchConfig.intProperty("preview.tenants", 5_000);
    int clientCount = BenchConfig.intProperty("preview.clients", 5_000);
    int allPairsTenants = Math.min(tenantCount, BenchConfig.intProperty("preview.allpairs.tenants", tenantCount));
    if (tenantCount < 1 || clientCount < 1 || allPairsTenants < 0) {
      throw new IllegalArgumentException("entrasync.bench.preview.tenants and .clients must be at least 1,"
          + " .allpairs.tenants at least 0");
    }
    Report.line("entrasync mapping preview benchmark");
    Report.line("  machine: %d cores, JVM max heap %s, Java %s, load average at start %s",
        Runtime.getRuntime().availableProcessors(), Report.mib(Runtime.getRuntime().maxMemory()),
        System.getProperty("java.version"), Report.loadAverage());

    long setupStart = System.nanoTime();
    TestDatabase database = EmbeddedPostgresServer.createDatabase("bench_preview",
        EmbeddedPostgresServer.Schema.LIBRARY_AND_REFERENCE_HOST);
    try {
      JdbiStorage storage = JdbiStorage.create(database.dataSource());
      GeneratedMsp msp = GeneratedMsp.generate(new Random(17), tenantCount, clientCount);
      msp.store(storage);
      MappingService service = new MappingService(storage.managedTenants(), storage.mappings(),
          storage.referenceHostClients(), Clock.systemUTC());
      Report.line("  MSP: %,d managed tenants (%,d present, %,d already decided) x %,d reference-host clients, embedded"
          + " PostgreSQL; setup (not measured): %s", tenantCount, msp.presentCount(), msp.decided.size(), clientCount,
          Report.secs(System.nanoTime() - setupStart));

      Timing reads = timed(() -> {
        storage.managedTenants().list(MSP);
        storage.referenceHostClients().listClients(MSP);
        return storage.mappings().listActive(MSP);
      });
      Timing preview = timed(() -> service.preview(MSP));
      MappingPreview indexed = service.preview(MSP);
      Timing decide = timed(() -> service.decide(MSP, "bench-admin", List.of(), true));
      Report.line("");
      Report.line("(P1) preview, indexed (MappingService.preview): median %s (CPU of the calling thread %s), fastest %s,"
          + " slowest %s of %d runs after %d warm-up runs", Report.secs(preview.median()), Report.secs(preview.medianCpu()),
          Report.secs(preview.fastest()), Report.secs(preview.slowest()), MEASURED_RUNS, WARMUP_RUNS);
      Report.line("    of which the three reads (tenants, clients, decisions): median %s (CPU %s)", Report.secs(reads.median()),
          Report.secs(reads.medianCpu()));
      Report.line("    groups: %,d auto-matched, %,d need review, %,d unmatched", indexed.autoMatched().size(),
          indexed.needsReview().size(), indexed.unmatched().size());
      Report.line("(P2) confirm accepting auto-matches, before saving (MappingService.decide): median %s (CPU %s), fastest %s",
          Report.secs(decide.median()), Report.secs(decide.medianCpu()), Report.secs(decide.fastest()));

      long allPairsNanos = -1;
      if (allPairsTenants > 0) {
        allPairsNanos = allPairsPreview(storage, indexed, allPairsTenants);
      }

      Report.line("");
      Report.line("  targets (this machine: %d cores; load average now %s)", Runtime.getRuntime().availableProcessors(),
          Report.loadAverage());
      double seconds = preview.median() / 1e9;
      Report.line("    [%s] preview of %,d tenants x %,d clients under %.0f s: %.2f s (median; fastest %.2f s)",
          seconds < TARGET_SECONDS ? "MET" : "NOT MET", tenantCount, clientCount, TARGET_SECONDS, seconds,
          preview.fastest() / 1e9);
      if (allPairsNanos > 0) {
        Report.line("    all-pairs / indexed preview: %.0fx", (double) allPairsNanos / preview.median());
      }
    } finally {
      EmbeddedPostgresServer.dropDatabase(database);
    }
  }

  /**
   * The preview as it was before the index: the same reads, then every present tenant matched
   * against every client. Printed, checked against the indexed preview; its time scaled to every
   * tenant when it ran on the first {@code sample} only.
   */
  private static long allPairsPreview(JdbiStorage storage, MappingPreview indexed, int sample) {
    // Warm the all-pairs path up on a few tenants, as the indexed one was.
    List<HostClient> warmClients = storage.referenceHostClients().listClients(MSP);
    for (ManagedTenant t : storage.managedTenants().list(MSP).subList(0, Math.min(50, sample))) {
      TenantMatcher.match(t, warmClients);
    }

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    List<ManagedTenant> tenants = storage.managedTenants().list(MSP);
    List<HostClient> clients = storage.referenceHostClients().listClients(MSP);
    storage.mappings().listActive(MSP);
    Map<EntraTenantId, TenantMatch> allPairs = new HashMap<>();
    int present = 0;
    for (ManagedTenant t : tenants.subList(0, sample)) {
      if (t.present()) {
        present++;
        allPairs.put(t.id(), TenantMatcher.match(t, clients));
      }
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
    long allTenants = tenants.stream().filter(ManagedTenant::present).count();
    long scaled = present == 0 ? nanos : Math.round((double) nanos * allTenants / present);

    int agree = 0;
    List<String> disagree = new ArrayList<>();
    for (List<MappingPreview.Row> group : List.of(indexed.autoMatched(), indexed.needsReview(), indexed.unmatched())) {
      for (MappingPreview.Row row : group) {
        TenantMatch expected = allPairs.get(row.tenantId());
        if (expected == null) {
          continue; // outside the sample
        }
        if (expected.equals(row.match())) {
          agree++;
        } else if (disagree.size() < 3) {
          disagree.add(row.displayName() + ": indexed " + row.match() + ", all pairs " + expected);
        }
      }
    }
    Report.line("(P3) preview, all pairs (the same reads, TenantMatcher.match per tenant over every client): %s (CPU %s)%s",
        Report.secs(nanos), Report.secs(cpuNanos), present == allTenants ? "" : String.format(Locale.ROOT,
            " for the first %,d present tenants; scaled to all %,d: %s", present, allTenants, Report.secs(scaled)));
    if (agree == present) {
      Report.line("    the indexed preview agrees with it on all %,d tenants (same candidates, scores, reasons, order)", agree);
    } else {
      Report.line("    !! CHECK FAILED: the indexed preview agrees on %,d of %,d tenants; e.g. %s", agree, present, disagree);
    }
    return scaled;
  }

  /**
   * Runs {@code work} {@value #WARMUP_RUNS} times unmeasured, then {@value #MEASURED_RUNS} times:
   * the sorted wall times and the sorted CPU times of this thread (the wall time on a loaded
   * machine includes waiting for a core; the CPU time does not, nor the database server's work).
   */
  private static Timing timed(Supplier<?> work) {
    for (int i = 0; i < WARMUP_RUNS; i++) {
      work.get();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[MEASURED_RUNS];
    long[] cpu = new long[MEASURED_RUNS];
    for (int i = 0; i < MEASURED_RUNS; i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      work.get();
      wall[i] = System.nanoTime() - start;
      cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new Timing(wall, cpu);
  }

  /** Sorted wall and CPU times of the measured runs. */
  record Timing(long[] wall, long[] cpu) {
    long median() {
      return wall[wall.length / 2];
    }

    long fastest() {
      return wall[0];
    }

    long slowest() {
      return wall[wall.length - 1];
    }

    long medianCpu() {
      return cpu[cpu.length / 2];
    }
  }

  /**
   * A generated MSP shaped like a real one: small-business client names (a surname or place, a
   * trade, often a legal suffix), websites derived from the names (so some clients share one),
   * billing emails on the client's domain or a mailbox provider, a few inbound domains. Of the
   * tenants, about half carry their client's domain (auto-match, or review when clients share it),
   * some only an {@code onmicrosoft.com} domain and a variant of the name (fuzzy review), some the
   * domain of the client's billing email (secondary), and a fifth belong to no client; 5% are no
   * longer present and 10% already have a decision.
   */
  record GeneratedMsp(List<HostClient> clients, List<DiscoveredTenant> tenants, Set<EntraTenantId> gone,
      List<MappingDecision> decided) {

    private static final String[] FIRST = {
      "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Proseware", "Wingtip", "Adatum", "Lucerne", "Alpine",
      "Blue Yonder", "Coho", "Fourth Coffee", "Humongous", "Margie's", "Relecloud", "Trey", "Woodgrove", "Wide World",
      "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Lopez", "Wilson",
      "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
      "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker",
      "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
      "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey",
      "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes",
      "Price", "Sanders", "Müller", "Schmidt", "Dubois", "Rossi", "O'Brien", "Nguyen", "Kowalski", "Harbor",
      "Riverside", "Lakeside", "Summit", "Pinecrest", "Oakwood", "Maple", "Cedar", "Granite", "Silver", "Golden",
      "Eastside", "Westfield", "Northgate", "Southport", "Bayview", "Hillcrest", "Valley", "Metro", "Coastal",
      "Pacific", "Atlantic", "Midwest", "Prairie", "Mountain", "Redwood", "Evergreen", "Sunrise", "Horizon", "Pioneer",
      "First", "United", "American", "National", "Premier", "Elite", "Precision", "Advanced", "Integrated", "Allied"};
    private static final String[] TRADE = {
      "Dental", "Dental Care", "Family Dentistry", "Law", "Legal", "Law Group", "Accounting", "CPA", "Tax Services",
      "Plumbing", "Electric", "HVAC", "Construction", "Builders", "Roofing", "Landscaping", "Realty", "Real Estate",
      "Properties", "Insurance", "Financial", "Wealth Management", "Capital", "Medical", "Clinic", "Pediatrics",
      "Orthopedics", "Veterinary", "Animal Hospital", "Auto Repair", "Motors", "Logistics", "Freight", "Trucking",
      "Manufacturing", "Machine Works", "Engineering", "Architects", "Design", "Marketing", "Media", "Consulting",
      "Partners", "Associates", "Group", "Holdings", "Industries", "Solutions", "Systems", "Technologies",
      "IT Services", "Software", "Foods", "Bakery", "Brewing", "Coffee", "Restaurant Group", "Hotels", "Travel",
      "Fitness", "Salon", "Spa", "Academy", "Church", "Foundation", "Credit Union", "Bank", "Pharmacy", "Labs",
      "Printing", "Signs", "Supply", "Distributors", "Wholesale", "Trading", "Imports", "Outfitters", "Furniture",
      "Flooring", "Cleaning", "Security", "Staffing", "Title", "Mortgage", "Surveying", "Environmental", "Energy",
      "Solar", "Farms", "Vineyards"};
    private static final String[] SUFFIX = {
      "", "", "", "", "LLC", "Inc", "Inc.", "Ltd", "Co", "Corp", "PC", "PLLC", "LLP", "GmbH", "Pty Ltd", "& Sons"};
    private static final String[] TLD = {".com", ".com", ".com", ".net", ".org", ".co.uk", ".de", ".us", ".biz"};
    private static final String[] MAILBOX = {"gmail.com", "outlook.com", "yahoo.com", "comcast.net"};

    static GeneratedMsp generate(Random random, int tenantCount, int clientCount) {
      Set<String> names = new LinkedHashSet<>();
      while (names.size() < clientCount) {
        String first = FIRST[random.nextInt(FIRST.length)];
        if (random.nextInt(8) == 0) {
          first = first + " & " + FIRST[random.nextInt(FIRST.length)];
        }
        String suffix = SUFFIX[random.nextInt(SUFFIX.length)];
        names.add((first + " " + TRADE[random.nextInt(TRADE.length)] + " " + suffix).strip());
      }
      List<HostClient> clients = new ArrayList<>();
      List<String> domains = new ArrayList<>();
      int n = 0;
      for (String name : names) {
        String domain = domainOf(name, random);
        domains.add(domain);
        String website = switch (random.nextInt(10)) {
          case 0, 1, 2 -> null; // no website on file
          case 3 -> domain;
          case 4 -> "http://" + domain + "/";
          default -> "https://www." + domain;
        };
        String billing = switch (random.nextInt(10)) {
          case 0, 1, 2, 3 -> null;
          case 4, 5 -> "accounts" + n + "@" + MAILBOX[random.nextInt(MAILBOX.length)];
          default -> "billing@" + domain;
        };
        List<String> inbound = random.nextInt(5) == 0 ? List.of(domain, "mail." + domain) : List.of();
        clients.add(new HostClient(String.format(Locale.ROOT, "client-%05d", n++), name,
            website == null ? List.of() : List.of(website), billing, inbound));
      }

      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < clientCount; i++) {
        order.add(i);
      }
      Collections.shuffle(order, random);
      List<DiscoveredTenant> tenants = new ArrayList<>();
      Set<EntraTenantId> gone = new LinkedHashSet<>();
      List<MappingDecision> decided = new ArrayList<>();
      for (int i = 0; i < tenantCount; i++) {
        EntraTenantId id = EntraTenantId.of(String.format(Locale.ROOT, "7e%06x-b000-4000-8000-%012d", i, i));
        int kind = random.nextInt(20);
        int c = order.get(i % clientCount);
        HostClient client = clients.get(c);
        String name;
        String domain;
        if (kind < 10) {                       // the client's own domain
          name = variant(client.name(), random);
          domain = domains.get(c);
        } else if (kind < 13) {                // only the initial domain; the name a little different
          name = typo(variant(client.name(), random), random);
          domain = TenantMatcher.normalizeName(client.name()).replaceAll("[^a-z0-9]", "") + ".onmicrosoft.com";
        } else if (kind < 16) {                // the domain of the billing email, or nothing usable
          name = variant(client.name(), random);
          domain = client.billingEmail() == null ? null : client.billingEmail().substring(client.billingEmail().indexOf('@') + 1);
        } else {                               // no client for it
          name = FIRST[random.nextInt(FIRST.length)] + " " + TRADE[random.nextInt(TRADE.length)] + " " + (i % 97);
          domain = domainOf(name, random);
        }
        tenants.add(new DiscoveredTenant(id, name, domain, 1 + random.nextInt(80)));
        if (random.nextInt(20) == 0) {
          gone.add(id);
        } else if (random.nextInt(10) == 0) {
          decided.add(kind < 16 ? MappingDecision.map(id, client.id()) : MappingDecision.skip(id));
        }
      }
      return new GeneratedMsp(clients, tenants, gone, decided);
    }

    /** The same company as the tenant names it: another legal suffix, other case, "The". */
    private static String variant(String name, Random random) {
      String bare = name.replaceAll(" (LLC|Inc\\.?|Ltd|Co|Corp|PC|PLLC|LLP|GmbH|Pty Ltd)$", "");
      return switch (random.nextInt(6)) {
        case 0 -> bare;
        case 1 -> bare + " Inc.";
        case 2 -> "The " + bare;
        case 3 -> bare.toUpperCase(Locale.ROOT);
        default -> name;
      };
    }

    private static String typo(String name, Random random) {
      int at = random.nextInt(name.length());
      return switch (random.nextInt(3)) {
        case 0 -> name.substring(0, at) + name.substring(at + 1);
        case 1 -> name.substring(0, at) + (char) ('a' + random.nextInt(26)) + name.substring(at);
        default -> name;
      };
    }

    /** A domain from a name's first word and trade, e.g. "Harbor Dental Care LLC" -> harbordental.com. */
    private static String domainOf(String name, Random random) {
      String[] words = TenantMatcher.normalizeName(name).split(" ");
      String label = (words[0] + (words.length > 1 ? words[1] : "")).replaceAll("[^a-z0-9]", "");
      return (label.isEmpty() ? "company" : label) + TLD[random.nextInt(TLD.length)];
    }

    /** Stores the clients, records the discovery (the gone tenants missing from a second one) and the decisions. */
    void store(JdbiStorage storage) {
      storage.referenceHostSeeder().insertClients(MSP, clients);
      Instant first = Instant.now();
      storage.managedTenants().recordDiscovery(MSP, tenants, first);
      storage.managedTenants().recordDiscovery(MSP, tenants.stream().filter(t -> !gone.contains(t.id())).toList(),
          first.plusSeconds(60));
      if (!decided.isEmpty()) {
        new MappingService(storage.managedTenants(), storage.mappings(), storage.referenceHostClients(), Clock.systemUTC())
            .confirm(MSP, "bench-admin", decided, false);
      }
    }

    int presentCount() {
      return tenants.size() - gone.size();
    }
  }
}
