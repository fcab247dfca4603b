package io.incidentresponse.activities.metrics;

import static io.incidentresponse.activities.metrics.MetricsFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.activities.metrics.HistoryDatabases.Database;
import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.actionitems.ActionItemRow;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.metrics.ActionItemsUpdate;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcIncidentHistory#listActionItems} over the October fixture (its twelve items, every
 * status and kind, one incident a false positive), on PostgreSQL and on H2. Today is 2026-11-01.
 */
class ActionItemListingTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final Clock CLOCK = Clock.fixed(NOW, UTC);
  private static final List<ActionItemStatus> ANY = List.of();

  @RegisterExtension static final HistoryDatabases databases = new HistoryDatabases();

  /** A new database holding the fixture's incidents and items. */
  private static JdbcIncidentHistory october(Database kind) throws Exception {
    JdbcIncidentHistory history = new JdbcIncidentHistory(databases.fresh(kind), CLOCK);
    MetricsFixture.incidents().forEach(history::recordIncident);
    MetricsFixture.actionItems().forEach(history::recordActionItems);
    return history;
  }

  private static ActionItemFilter filter(
      String owner,
      boolean overdue,
      String service,
      List<ActionItemStatus> statuses,
      List<ActionItemKind> kinds) {
    return new ActionItemFilter(owner, overdue, service, statuses, kinds, 0, 0);
  }

  /** Each row as {@code incident AI-n}, in order. */
  private static List<String> keys(ActionItemPage page) {
    return page.items().stream().map(r -> r.incidentId() + " " + r.itemId()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_byDefault_listsTheOpenOnes_soonestDueFirst_noDueDateLast(Database kind)
      throws Exception {
    ActionItemPage page = october(kind).listActionItems(ActionItemFilter.open());

    assertThat(keys(page))
        .containsExactly(
            "checkout-HighErrorRate AI-3", // due 10-01 (a September incident)
            "checkout-HighErrorRate AI-2", // 10-10
            "checkout-HighErrorRate-1013 AI-2", // 10-15
            "api-gateway-GatewayDown-1010 AI-1", // 11-30, in progress
            "api-gateway-GatewayDown-1010 AI-2"); // no due date
    assertThat(page.items())
        .extracting(ActionItemRow::overdue)
        .containsExactly(true, true, true, false, false);
    assertThat(page.today()).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(page.nextOffset()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_eachFilterAlone_matchesOnlyItsItems(Database kind) throws Exception {
    JdbcIncidentHistory history = october(kind);

    ActionItemPage carol = history.listActionItems(filter("carol", false, null, ANY, List.of()));
    ActionItemPage overdue = history.listActionItems(filter(null, true, null, ANY, List.of()));
    ActionItemPage gateway =
        history.listActionItems(filter(null, false, "api-gateway", ANY, List.of()));
    ActionItemPage runbook =
        history.listActionItems(
            filter(null, false, null, ANY, List.of(ActionItemKind.RUNBOOK_UPDATE)));
    ActionItemPage dropped =
        history.listActionItems(
            filter(null, false, null, List.of(ActionItemStatus.WONT_DO), List.of()));

    assertThat(keys(carol))
        .containsExactly(
            "checkout-HighErrorRate-1013 AI-2", // 10-15
            "checkout-HighErrorRate AI-1", // 10-20, the incident detected first
            "checkout-HighErrorRate-1013 AI-1"); // 10-20
    assertThat(keys(overdue))
        .containsExactly(
            "checkout-HighErrorRate AI-3",
            "checkout-HighErrorRate AI-2",
            "checkout-HighErrorRate-1013 AI-2");
    assertThat(keys(gateway))
        .containsExactly(
            "api-gateway-GatewayDown-1010 AI-3",
            "api-gateway-GatewayDown-1010 AI-1",
            "api-gateway-GatewayDown-1010 AI-2");
    assertThat(keys(runbook))
        .containsExactly(
            "api-gateway-GatewayDown-1010 AI-3",
            "checkout-HighErrorRate-1013 AI-1",
            "payments-PaymentFailures-1026 AI-1");
    assertThat(keys(dropped)).containsExactly("checkout-HighErrorRate-1016 AI-1");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_filtersTogether_matchEveryOne(Database kind) throws Exception {
    JdbcIncidentHistory history = october(kind);

    ActionItemPage carolsOverdue =
        history.listActionItems(filter("carol", true, null, ANY, List.of()));
    ActionItemPage technicalOfCheckout =
        history.listActionItems(
            filter(
                null,
                false,
                "checkout",
                List.of(ActionItemStatus.OPEN, ActionItemStatus.IN_PROGRESS),
                List.of(
                    ActionItemKind.CODE_CHANGE,
                    ActionItemKind.MONITORING,
                    ActionItemKind.TESTING,
                    ActionItemKind.DOCUMENTATION)));
    ActionItemPage nobody =
        history.listActionItems(
            filter("erin", true, null, List.of(ActionItemStatus.DONE), List.of()));

    assertThat(keys(carolsOverdue)).containsExactly("checkout-HighErrorRate-1013 AI-2");
    assertThat(keys(technicalOfCheckout))
        .containsExactly("checkout-HighErrorRate AI-3", "checkout-HighErrorRate AI-2");
    assertThat(nobody.items()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_rowCarriesTheIncidentAndEveryItemField(Database kind) throws Exception {
    ActionItemPage page =
        october(kind)
            .listActionItems(
                filter("erin", false, null, List.of(ActionItemStatus.DONE), List.of()));

    assertThat(page.items())
        .containsExactly(
            new ActionItemRow(
                "api-gateway-GatewayDown-1010",
                Instant.parse("2026-10-10T02:00:00Z"),
                "api-gateway",
                "GatewayDown on api-gateway",
                "AI-3",
                "Add the gateway failover steps to the runbook",
                ActionItemKind.RUNBOOK_UPDATE,
                "erin",
                LocalDate.of(2026, 10, 20),
                ActionItemStatus.DONE,
                false,
                "https://github.com/acme/runbook/pull/3",
                "Mitigation / API gateway",
                null,
                "erin",
                Instant.parse("2026-10-12T08:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_pagesThroughEveryItemOnce_theLastPageWithoutANextOffset(Database kind)
      throws Exception {
    JdbcIncidentHistory history = october(kind);
    List<String> seen = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();

    Integer offset = 0;
    while (offset != null) {
      ActionItemPage page =
          history.listActionItems(new ActionItemFilter(null, false, null, ANY, null, 5, offset));
      // the incident id alone is not unique: checkout-HighErrorRate opened in September and in
      // October
      page.items().forEach(r -> seen.add(r.incidentId() + "@" + r.detectedAt() + " " + r.itemId()));
      offsets.add(offset);
      offset = page.nextOffset();
    }

    assertThat(offsets).containsExactly(0, 5, 10);
    assertThat(seen).hasSize(12).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_ofAnIncidentWithoutASummary_showsItWithoutServiceOrTitle(Database kind)
      throws Exception {
    JdbcIncidentHistory history = new JdbcIncidentHistory(databases.fresh(kind), CLOCK);
    history.recordActionItems(
        new ActionItemsUpdate(
            "payments-declared",
            Instant.parse("2026-10-30T10:00:00Z"),
            List.of(
                MetricsFixture.item(
                    "AI-1",
                    "Add a payments canary",
                    "gina",
                    "2026-11-15",
                    ActionItemStatus.OPEN,
                    "2026-10-31T10:00:00Z"))));

    ActionItemPage all = history.listActionItems(ActionItemFilter.open());
    ActionItemPage ofPayments =
        history.listActionItems(filter(null, false, "payments", ANY, List.of()));

    assertThat(all.items())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.itemId()).isEqualTo("AI-1");
              assertThat(row.service()).isNull();
              assertThat(row.title()).isNull();
            });
    assertThat(ofPayments.items()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_givenAQuoteInAName_bindsItAsAValue(Database kind) throws Exception {
    JdbcIncidentHistory history = october(kind);

    ActionItemPage injected =
        history.listActionItems(filter("carol' OR '1'='1", false, "x' OR 1=1 --", ANY, List.of()));

    assertThat(injected.items()).isEmpty();
    assertThat(history.listActionItems(ActionItemFilter.open()).items()).hasSize(5);
  }

  /**
   * The database's own plan for each filter names the index made for it: the listing stays an index
   * lookup however many items the store holds. PostgreSQL is told to avoid full scans, as on a
   * dozen rows it would rightly prefer one.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Database.class)
  void listActionItems_byOwnerKindOrOverdue_isAnsweredFromAnIndex(Database kind) throws Exception {
    HistorySettings settings = databases.fresh(kind);
    new JdbcIncidentHistory(settings, CLOCK);
    LocalDate today = LocalDate.of(2026, 11, 1);

    String mine =
        plan(settings, new ActionItemListing(filter("carol", false, null, ANY, List.of()), today));
    String ofKind =
        plan(
            settings,
            new ActionItemListing(
                filter(null, false, null, ANY, List.of(ActionItemKind.MONITORING)), today));
    String overdue =
        plan(settings, new ActionItemListing(filter(null, true, null, ANY, List.of()), today));

    assertThat(mine).containsIgnoringCase("action_items_owner_status_due_date");
    assertThat(ofKind).containsIgnoringCase("action_items_kind_status_due_date");
    assertThat(overdue).containsIgnoringCase("action_items_status_due_date");
  }

  private static String plan(HistorySettings settings, ActionItemListing listing) throws Exception {
    try (Connection connection =
        DriverManager.getConnection(settings.url(), settings.username(), settings.password())) {
      if (settings.url().startsWith("jdbc:postgresql:")) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET enable_seqscan = off");
        }
      }
      try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + listing.sql())) {
        listing.bind(explain);
        StringBuilder plan = new StringBuilder();
        try (ResultSet row = explain.executeQuery()) {
          while (row.next()) {
            plan.append(row.getString(1)).append('\n');
          }
        }
        return plan.toString().toLowerCase(Locale.ROOT);
      }
    }
  }

  @Test
  void listActionItems_withoutAFilter_isABadRequest() throws Exception {
    JdbcIncidentHistory history = new JdbcIncidentHistory(databases.fresh(Database.H2), CLOCK);

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> history.listActionItems(null));

    assertThat(failure.getType()).isEqualTo(FailureType.BAD_REQUEST.type());
    assertThat(failure.isNonRetryable()).isTrue();
  }
}
