package org.entrasync.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatedTenantTest {

  private static List<String> listAll(EmulatedTenant tenant, int pageSize) {
    List<String> ids = new ArrayList<>();
    for (int offset = 0; ; offset += pageSize) {
      List<EmulatedUser> page = tenant.page(offset, pageSize);
      page.forEach(u -> ids.add(u.id()));
      if (page.size() < pageSize) {
        return ids;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 50})
  void pagingListsEveryUserOnceInOrderAcrossDeletionsAndChanges(int pageSize) {
    EmulatedDirectory directory = new EmulatedDirectory();
    EmulatedTenant tenant = directory.addTenant("2a1c0e55-1111-4a11-8a11-000000000001", "Contoso", "contoso.example")
        .addSyntheticUsers("abcdef01", 20);
    tenant.upsert(EmulatedUser.member("aaaaaaaa-0000-4000-8000-000000000001", "ada@contoso.example", "Ada Lovelace"));
    String third = "abcdef01-0000-4000-8000-000000000003";
    String tenth = "abcdef01-0000-4000-8000-000000000010";
    tenant.delete(third);
    tenant.delete("abcdef01-0000-4000-8000-000000000000");
    tenant.disable(tenth);

    List<String> ids = listAll(tenant, pageSize);

    assertThat(ids).hasSize(19).doesNotHaveDuplicates()
        .doesNotContain(third, "abcdef01-0000-4000-8000-000000000000")
        .endsWith("aaaaaaaa-0000-4000-8000-000000000001");
    assertThat(tenant.size()).isEqualTo(19);
    assertThat(tenant.user(tenth).orElseThrow().accountEnabled()).isFalse();
    assertThat(tenant.page(0, 50)).filteredOn(u -> u.id().equals(tenth)).singleElement()
        .satisfies(u -> assertThat(u.accountEnabled()).isFalse());
  }

  @Test
  void aRestoredSyntheticUserIsListedAgainAndDeltaReportsTheChanges() {
    EmulatedDirectory directory = new EmulatedDirectory();
    EmulatedTenant tenant = directory.addTenant("2a1c0e55-1111-4a11-8a11-000000000001", "Contoso", "contoso.example")
        .addSyntheticUsers("abcdef01", 5);
    long before = directory.currentVersion();
    String second = "abcdef01-0000-4000-8000-000000000002";
    EmulatedUser user = tenant.user(second).orElseThrow();
    tenant.delete(second);
    assertThat(tenant.size()).isEqualTo(4);
    assertThat(tenant.changesSince(before)).singleElement().satisfies(c -> assertThat(c.removed().reason()).isEqualTo("deleted"));

    tenant.upsert(user);

    assertThat(tenant.size()).isEqualTo(5);
    assertThat(listAll(tenant, 2)).contains(second).hasSize(5);
    assertThat(tenant.changesSince(before)).extracting(EmulatedTenant.Change::id).containsExactly(second);
  }

  private static List<String> listAllKeyed(EmulatedTenant tenant, int pageSize, Runnable afterFirstPage) {
    List<String> ids = new ArrayList<>();
    String after = null;
    for (int page = 0; ; page++) {
      List<EmulatedUser> users = tenant.pageAfter(after, pageSize);
      users.forEach(u -> ids.add(u.id()));
      if (page == 0) {
        afterFirstPage.run();
      }
      if (users.size() < pageSize) {
        return ids;
      }
      after = users.get(users.size() - 1).id();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 50})
  void keyedPagingListsEveryUserOnceInIdOrderEvenWhenAListedUserIsDeletedMidway(int pageSize) {
    EmulatedDirectory directory = new EmulatedDirectory();
    EmulatedTenant tenant = directory.addTenant("2a1c0e55-1111-4a11-8a11-000000000001", "Contoso", "contoso.example")
        .addSyntheticUsers("abcdef01", 20);
    tenant.upsert(EmulatedUser.member("00000000-0000-4000-8000-000000000001", "first@contoso.example", "First"));
    tenant.upsert(EmulatedUser.member("ffffffff-0000-4000-8000-000000000001", "last@contoso.example", "Last"));
    tenant.delete("abcdef01-0000-4000-8000-000000000003");
    tenant.disable("abcdef01-0000-4000-8000-000000000010");
    List<String> before = listAllKeyed(tenant, pageSize, () -> { });
    assertThat(before).hasSize(21).doesNotHaveDuplicates().isSorted()
        .startsWith("00000000-0000-4000-8000-000000000001").endsWith("ffffffff-0000-4000-8000-000000000001");

    // deleting a user already listed shifts no one: the next page starts after the last id handed out
    String firstListed = before.get(0);
    List<String> during = listAllKeyed(tenant, pageSize, () -> tenant.delete(firstListed));
    assertThat(during).containsExactlyElementsOf(before);
  }
}
