package org.entrasync.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.entrasync.core.error.Refusal;
import org.entrasync.core.error.RefusedException;
import org.entrasync.core.fakes.InMemoryEntrasync;
import org.entrasync.core.fakes.NoLauncher;
import org.entrasync.core.fakes.StaticAccessPolicy;
import org.entrasync.core.mapping.MappingDecision;
import org.entrasync.core.model.ConnectionType;
import org.entrasync.core.model.EntraObjectId;
import org.entrasync.core.model.EntraTenantId;
import org.entrasync.core.model.SyncSettings;
import org.entrasync.core.port.out.CippConnectionValidator;
import org.entrasync.core.port.out.CippConnectionValidator.CippCredentials;
import org.entrasync.core.port.out.DirectAuthGateway;
import org.entrasync.spi.Actor;
import org.entrasync.spi.ClientDraft;
import org.entrasync.spi.HostClient;
import org.entrasync.spi.HostClientDirectory;
import org.entrasync.spi.MspTenantId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The facade validates what an operator typed before any use case runs, and refuses bad input with
 * {@code VALIDATION} writing nothing; an {@link IllegalArgumentException} raised further in (a bug
 * of the library, an adapter or the host) stays what it is and is never dressed as a refusal.
 */
class EntraIntegrationInputTest {
  private static final MspTenantId MSP = MspTenantId.of("input-msp");
  private static final String CONTOSO = "2a1c0e55-0000-4a11-8a11-000000000001";
  private static final IllegalArgumentException BUG = new IllegalArgumentException("index 3 out of bounds (a bug)");

  private final InMemoryEntrasync core = InMemoryEntrasync.create();
  private final Actor admin = Actor.internal(MSP, "admin");
  /** What the injected bugs throw, when armed. */
  private boolean armed;

  private EntraIntegration facade() {
    core.flags().enableAllPhase1(MSP);
    core.clients().add(MSP, "client-contoso", "Contoso", "https://contoso.example");
    core.directory().addTenant(CONTOSO, "Contoso Ltd", "contoso.example");
    core.connect(MSP, ConnectionType.DIRECT);
    core.discover(MSP);
    HostClientDirectory clients = new BuggyClients(core.clients());
    return EntraIntegration.builder()
        .edition(Edition.ENTERPRISE).secrets(core.secrets()).flags(core.flags()).access(StaticAccessPolicy.allowAll())
        .install(in -> {
          in.storage(core.storagePorts());
          in.hostDirectories(clients, core.contacts());
          in.directoryGateway(core.directGateway());
          in.directoryGateway(core.cippGateway());
          in.directAuth(new BuggyAuth());
          in.cippValidator(new BuggyCipp());
          in.launcher(new NoLauncher());
        })
        .build();
  }

  static Stream<Arguments> bugsInsideUseCases() {
    return Stream.of(
        Arguments.of("the direct-auth gateway, starting a sign-in",
            (Consumer<Call>) c -> c.facade.startDirectConnection(c.actor, URI.create("https://psa.example/cb"))),
        Arguments.of("the direct-auth gateway, completing a sign-in",
            (Consumer<Call>) c -> c.facade.completeDirectConnection(c.actor, Map.of("code", "c", "state", "s"))),
        Arguments.of("the CIPP validator",
            (Consumer<Call>) c -> c.facade.connectCipp(c.actor, CippCredentials.withToken("https://cipp.example", "t"))),
        Arguments.of("the host's client directory, confirming mappings",
            (Consumer<Call>) c -> c.facade.confirmMappings(c.actor,
                List.of(MappingDecision.map(EntraTenantId.of(CONTOSO), "client-contoso")), false, false)),
        Arguments.of("the host's client directory, remapping",
            (Consumer<Call>) c -> c.facade.remap(c.actor, EntraTenantId.of(CONTOSO), "client-contoso")));
  }

  @ParameterizedTest(name = "a bug in {0} is not a refusal")
  @MethodSource("bugsInsideUseCases")
  void anIllegalArgumentFromInsideAUseCaseIsABugNotAValidationRefusal(String where, Consumer<Call> call) {
    EntraIntegration facade = facade();
    armed = true;

    Throwable thrown = catchThrowable(() -> call.accept(new Call(facade, admin)));

    assertThat(thrown).as(where).isSameAs(BUG);
  }

  static Stream<Arguments> badInputs() {
    EntraTenantId contoso = EntraTenantId.of(CONTOSO);
    EntraObjectId someone = EntraObjectId.of("c0000001-0000-4000-8000-000000000001");
    List<String> withNull = new ArrayList<>(Arrays.asList("^svc-", null));
    return Stream.of(
        bad("a relative redirect URI", "absolute", c -> c.facade.startDirectConnection(c.actor, URI.create("/callback"))),
        bad("a javascript: redirect URI", "https", c -> c.facade.startDirectConnection(c.actor, URI.create("javascript:alert(1)"))),
        bad("a redirect URI with a fragment", "fragment",
            c -> c.facade.startDirectConnection(c.actor, URI.create("https://psa.example/cb#x"))),
        bad("no callback parameters", "callback", c -> c.facade.completeDirectConnection(c.actor, null)),
        bad("no CIPP credentials", "CIPP", c -> c.facade.connectCipp(c.actor, null)),
        bad("no decision set", "decision", c -> c.facade.confirmMappings(c.actor, null, false, false)),
        bad("a null decision", "decision", c -> c.facade.confirmMappings(c.actor, Arrays.asList((MappingDecision) null), false, false)),
        bad("remap without a tenant", "tenant", c -> c.facade.remap(c.actor, null, "client-contoso")),
        bad("remap to a blank client", "client", c -> c.facade.remap(c.actor, contoso, " ")),
        bad("unmap without a tenant", "tenant", c -> c.facade.unmap(c.actor, null)),
        bad("resolve without an identity", "identity", c -> c.facade.resolveToExistingContact(c.actor, null, "c-1")),
        bad("resolve to a blank contact", "contact", c -> c.facade.resolveToExistingContact(c.actor, someone, "")),
        bad("create without an identity", "identity", c -> c.facade.resolveByCreatingContact(c.actor, null)),
        bad("dismiss without an identity", "identity", c -> c.facade.dismissQueueItem(c.actor, null)),
        bad("a dry run without a kind", "kind", c -> c.facade.startDryRun(c.actor, null, null)),
        bad("an interval under 15 minutes", "interval",
            c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none().withIntervalMinutes(5))),
        bad("an interval over 7 days", "interval",
            c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none().withIntervalMinutes(SyncSettings.MAX_INTERVAL_MINUTES + 1))),
        bad("a pattern that does not compile", "^svc-(",
            c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none().withExcludePatterns(List.of("^svc-(")))),
        bad("a catastrophic pattern", "'(.*a){12}@x'",
            c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none().withExcludePatterns(List.of("^ok@", "(.*a){12}@x")))),
        bad("too many patterns", "patterns", c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none()
            .withExcludePatterns(java.util.stream.IntStream.range(0, 500).mapToObj(i -> "^p" + i + "@").toList()))),
        bad("a blank pattern", "blank",
            c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none().withExcludePatterns(List.of("  ")))),
        bad("a null pattern", "pattern",
            c -> c.facade.updateSyncSettings(c.actor, SettingsChange.none().withExcludePatterns(withNull))));
  }

  private static Arguments bad(String what, String messageNames, Consumer<Call> call) {
    return Arguments.of(what, messageNames, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsRefusedValidationNamingTheProblemAndWritesNothing(String what, String messageNames, Consumer<Call> call) {
    EntraIntegration facade = facade();
    SyncSettings settings = core.settings().get(MSP);
    int mappings = core.mappings().listActive(MSP).size();

    Throwable thrown = catchThrowable(() -> call.accept(new Call(facade, admin)));

    assertThat(thrown).as(what).isInstanceOf(RefusedException.class);
    assertThat(((RefusedException) thrown).refusal()).as("%s: %s", what, thrown.getMessage()).isEqualTo(Refusal.VALIDATION);
    assertThat(thrown.getMessage()).as(what).containsIgnoringCase(messageNames);
    assertThat(core.settings().get(MSP)).isEqualTo(settings);
    assertThat(core.mappings().listActive(MSP)).hasSize(mappings);
  }

  record Call(EntraIntegration facade, Actor actor) {}

  private final class BuggyClients implements HostClientDirectory {
    private final HostClientDirectory delegate;

    BuggyClients(HostClientDirectory delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<HostClient> listClients(MspTenantId tenant) {
      if (armed) {
        throw BUG;
      }
      return delegate.listClients(tenant);
    }

    @Override
    public Optional<HostClient> findClient(MspTenantId tenant, String clientId) {
      return delegate.findClient(tenant, clientId);
    }

    @Override
    public HostClient provisionClient(MspTenantId tenant, ClientDraft draft) {
      return delegate.provisionClient(tenant, draft);
    }
  }

  private final class BuggyAuth implements DirectAuthGateway {
    @Override
    public AuthorizationStart startAuthorization(MspTenantId msp, Actor actor, URI redirectUri) {
      throw BUG;
    }

    @Override
    public PartnerGrant completeAuthorization(MspTenantId msp, Actor actor, Map<String, String> callbackParameters) {
      throw BUG;
    }
  }

  private final class BuggyCipp implements CippConnectionValidator {
    @Override
    public Validated validate(MspTenantId msp, CippCredentials candidate) {
      throw BUG;
    }
  }
}
