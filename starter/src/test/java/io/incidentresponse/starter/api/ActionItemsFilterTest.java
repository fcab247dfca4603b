package io.incidentresponse.starter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.incidentresponse.starter.security.Caller;
import io.incidentresponse.starter.webhook.BadInputException;
import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.identity.AccessRole;
import io.incidentresponse.workflows.identity.IdentityMethod;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

/** How {@code GET /api/action-items} reads its parameters, before anything runs. */
class ActionItemsFilterTest {
  private static final Caller CAROL =
      new Caller("carol", IdentityMethod.API_KEY, Set.of(AccessRole.RESPONDER));

  private static ActionItemFilter filter(Caller caller, String... nameValues) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/action-items");
    for (int i = 0; i < nameValues.length; i += 2) {
      request.addParameter(nameValues[i], nameValues[i + 1]);
    }
    return ActionItemsController.filter(request, caller);
  }

  private static BadInputException refused(Caller caller, String... nameValues) {
    BadInputException e =
        catchThrowableOfType(BadInputException.class, () -> filter(caller, nameValues));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    return e;
  }

  @Test
  void noParameters_areTheOpenItems_firstPage() {
    assertThat(filter(CAROL)).isEqualTo(ActionItemFilter.open());
  }

  @Test
  void mine_isTheCallersName_andStatusAnyIsEveryStatus() {
    ActionItemFilter filter = filter(CAROL, "mine", "TRUE", "status", "any");

    assertThat(filter.owner()).isEqualTo("carol");
    assertThat(filter.statuses()).isEmpty();
  }

  @Test
  void groupsAndNames_mixCaseAndDashes_andRepeatsCountOnce() {
    ActionItemFilter filter =
        filter(CAROL, "kind", "technical, runbook-update,Monitoring", "status", "done,DONE");

    assertThat(filter.kinds())
        .containsExactly(
            ActionItemKind.CODE_CHANGE,
            ActionItemKind.MONITORING,
            ActionItemKind.TESTING,
            ActionItemKind.DOCUMENTATION,
            ActionItemKind.RUNBOOK_UPDATE);
    assertThat(filter.statuses()).containsExactly(ActionItemStatus.DONE);
  }

  @Test
  void mine_fromTheAnonymousCallerOfAnOpenApi_isRefused_askingForOwner() {
    BadInputException e = refused(Caller.anonymous(), "mine", "true");

    assertThat(e.field()).isEqualTo("mine");
    assertThat(e.getMessage()).contains("owner=NAME");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "kind, cleanup",
    "status, open;done",
    "overdue, 1",
    "mine, yes",
    "limit, 0",
    "limit, 201",
    "limit, ten",
    "offset, 10001",
  })
  void badValue_isRefusedNamingItsParameter(String name, String value) {
    assertThat(refused(CAROL, name, value).field()).isEqualTo(name);
  }

  @Test
  void controlCharactersInANameOrService_areRefused() {
    assertThat(refused(CAROL, "owner", "carol\u0000").field()).isEqualTo("owner");
    assertThat(refused(CAROL, "service", "a\nb").field()).isEqualTo("service");
  }

  @Test
  void emptyValues_areNoFilter() {
    assertThat(filter(CAROL, "owner", "", "service", " ", "limit", "", "status", ""))
        .isEqualTo(ActionItemFilter.open());
  }

  @Test
  void unknownRepeatedOrContradictoryParameters_areRefused() {
    assertThat(refused(CAROL, "assignee", "carol").field()).isEqualTo("assignee");
    assertThat(refused(CAROL, "owner", "a", "owner", "b").field()).isEqualTo("owner");
    assertThat(refused(CAROL, "owner", "bob", "mine", "true").field()).isEqualTo("mine");
    assertThat(refused(CAROL, "owner", "o".repeat(256)).getMessage()).hasSizeLessThan(100);
  }

  @Test
  void theLargestPageAndDeepestOffset_areAccepted() {
    ActionItemFilter filter = filter(CAROL, "limit", "200", "offset", "10000");

    assertThat(List.of(filter.limit(), filter.offset())).containsExactly(200, 10_000);
  }
}
