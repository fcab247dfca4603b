package io.incidentresponse.activities.metrics;

import io.incidentresponse.workflows.actionitems.ActionItemFilter;
import io.incidentresponse.workflows.actionitems.ActionItemPage;
import io.incidentresponse.workflows.actionitems.ActionItemRow;
import io.incidentresponse.workflows.postmortem.ActionItemKind;
import io.incidentresponse.workflows.postmortem.ActionItemStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The store's query behind {@link JdbcIncidentHistory#listActionItems}: the filter becomes
 * conditions on indexed columns (V6: owner, kind; V2: status and due date; V1: service), every
 * value bound, never pasted in. One page is read with one row more than asked, to know whether
 * another page follows.
 */
final class ActionItemListing {
  private static final List<ActionItemStatus> NOT_FINAL =
      Arrays.stream(ActionItemStatus.values()).filter(s -> !s.isFinal()).toList();

  private static final String SELECT =
      "SELECT a.incident_id, a.detected_at, a.item_id, a.action_text, a.owner_name, a.due_date,"
          + " a.status, a.updated_by, a.updated_at, a.kind, a.link, a.reason, a.runbook_section,"
          + " i.service, i.title FROM action_items a LEFT JOIN incidents i ON i.incident_id ="
          + " a.incident_id AND i.detected_at = a.detected_at";

  private static final String ORDER =
      " ORDER BY a.due_date ASC NULLS LAST, a.detected_at, a.incident_id, a.sort_order"
          + " LIMIT ? OFFSET ?";

  private final ActionItemFilter filter;
  private final LocalDate today;
  private final List<String> conditions = new ArrayList<>();
  private final List<Object> values = new ArrayList<>();

  ActionItemListing(ActionItemFilter filter, LocalDate today) {
    this.filter = filter;
    this.today = today;
    if (filter.owner() != null) {
      conditions.add("a.owner_name = ?");
      values.add(filter.owner());
    }
    if (!filter.statuses().isEmpty()) {
      in("a.status", filter.statuses());
    }
    if (!filter.kinds().isEmpty()) {
      in("a.kind", filter.kinds());
    }
    if (filter.overdue()) {
      in("a.status", NOT_FINAL);
      conditions.add("a.due_date < ?");
      values.add(today);
    }
    if (filter.service() != null) {
      conditions.add("i.service = ?");
      values.add(filter.service());
    }
  }

  /** The statement, for the page and for a test that asks the database how it would run it. */
  String sql() {
    return SELECT
        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
        + ORDER;
  }

  /** Binds every value of {@link #sql()} to {@code statement}. */
  void bind(PreparedStatement statement) throws SQLException {
    int index = 1;
    for (Object value : values) {
      if (value instanceof LocalDate date) {
        statement.setObject(index++, date, Types.DATE);
      } else {
        statement.setString(index++, (String) value);
      }
    }
    statement.setInt(index++, filter.limit() + 1);
    statement.setInt(index, filter.offset());
  }

  ActionItemPage page(Connection connection) throws SQLException {
    List<ActionItemRow> rows = new ArrayList<>();
    try (PreparedStatement query = JdbcIncidentHistory.prepare(connection, sql())) {
      bind(query);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          rows.add(read(row));
        }
      }
    }
    boolean more = rows.size() > filter.limit();
    return new ActionItemPage(
        more ? rows.subList(0, filter.limit()) : rows,
        today,
        more ? filter.offset() + filter.limit() : null);
  }

  private ActionItemRow read(ResultSet row) throws SQLException {
    ActionItemStatus status =
        JdbcIncidentHistory.parse(ActionItemStatus.class, row.getString("status"));
    LocalDate due = row.getObject("due_date", LocalDate.class);
    boolean overdue = (status == null || !status.isFinal()) && due != null && due.isBefore(today);
    return new ActionItemRow(
        row.getString("incident_id"),
        JdbcIncidentHistory.instant(row, "detected_at"),
        row.getString("service"),
        row.getString("title"),
        row.getString("item_id"),
        row.getString("action_text"),
        JdbcIncidentHistory.parse(ActionItemKind.class, row.getString("kind")),
        row.getString("owner_name"),
        due,
        status,
        overdue,
        row.getString("link"),
        row.getString("runbook_section"),
        row.getString("reason"),
        row.getString("updated_by"),
        JdbcIncidentHistory.instant(row, "updated_at"));
  }

  private void in(String column, List<? extends Enum<?>> names) {
    conditions.add(
        column + " IN (" + String.join(", ", Collections.nCopies(names.size(), "?")) + ")");
    values.addAll(names.stream().map(Enum::name).collect(Collectors.toList()));
  }
}
