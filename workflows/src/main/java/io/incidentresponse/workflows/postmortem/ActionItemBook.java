package io.incidentresponse.workflows.postmortem;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The postmortem's action items and the rules for changing them. Deterministic (an ordered list,
 * ids from a counter): safe in workflow code. Every refusal names the field at fault, because a
 * person reads it in the UI or the CLI and must know what to fix.
 */
final class ActionItemBook {
  /** Keeps the workflow's state (and every status query) small. */
  static final int MAX_ITEMS = 100;

  static final int MAX_TEXT = 500;
  private static final String ID_PREFIX = "AI-";

  private final List<ActionItem> items = new ArrayList<>();
  private int lastNumber;

  ActionItemBook(List<ActionItem> initial) {
    for (ActionItem item : initial) {
      lastNumber = Math.max(lastNumber, number(item.id()));
    }
    for (ActionItem item : initial) {
      boolean hasId = item.id() != null && !item.id().isBlank();
      items.add(
          hasId
              ? item
              : new ActionItem(
                  ID_PREFIX + (++lastNumber),
                  item.action(),
                  item.owner(),
                  item.dueDate(),
                  item.status(),
                  item.updatedBy(),
                  item.updatedAt(),
                  item.kind(),
                  item.link(),
                  item.reason(),
                  item.runbookSection()));
    }
  }

  List<ActionItem> items() {
    return List.copyOf(items);
  }

  /** The item with {@code id}, or null. */
  ActionItem find(String id) {
    int index = id == null ? -1 : indexOf(id);
    return index < 0 ? null : items.get(index);
  }

  boolean allAssigned() {
    return items.stream().allMatch(ActionItem::isAssigned);
  }

  /** Every item is done or dropped (true when there are none). */
  boolean allFinal() {
    return items.stream().allMatch(ActionItem::isFinal);
  }

  /** One line per gap, e.g. {@code AI-2 has no owner}. */
  List<String> gaps() {
    List<String> gaps = new ArrayList<>();
    for (ActionItem item : items) {
      boolean noOwner = item.owner() == null || item.owner().isBlank();
      boolean noDueDate = item.dueDate() == null;
      if (noOwner && noDueDate) {
        gaps.add(item.id() + " has no owner and no due date");
      } else if (noOwner) {
        gaps.add(item.id() + " has no owner");
      } else if (noDueDate) {
        gaps.add(item.id() + " has no due date");
      }
    }
    return gaps;
  }

  /**
   * Why {@code request} cannot be applied as an addition, or null when it can. With {@code
   * dropNeedsReason} an item set to {@code WONT_DO} must carry a reason (postmortems started before
   * the follow-through accepted a drop without one, and replay as they ran).
   */
  String refuseAdd(ActionItemRequest request, boolean dropNeedsReason) {
    if (request == null) {
      return "request: required";
    }
    if (request.id() != null && !request.id().isBlank()) {
      return "id: must be empty when adding an item (ids are assigned); to change "
          + request.id()
          + " update it";
    }
    String common = refuseCommon(request);
    if (common != null) {
      return common;
    }
    if (request.action() == null) {
      return "action: required when adding an item";
    }
    if (items.size() >= MAX_ITEMS) {
      return "action items: at most " + MAX_ITEMS + " per postmortem";
    }
    return refuseResult(
        request.status(),
        request.reason(),
        request.kind(),
        request.runbookSection(),
        dropNeedsReason);
  }

  /** Why {@code request} cannot be applied as an update, or null when it can. */
  String refuseUpdate(ActionItemRequest request, boolean dropNeedsReason) {
    if (request == null) {
      return "request: required";
    }
    if (request.id() == null || request.id().isBlank()) {
      return "id: required to update an item (known: " + knownIds() + ")";
    }
    String common = refuseCommon(request);
    if (common != null) {
      return common;
    }
    int index = indexOf(request.id());
    if (index < 0) {
      return "id: no action item " + request.id() + " (known: " + knownIds() + ")";
    }
    if (request.action() == null
        && request.owner() == null
        && request.dueDate() == null
        && request.status() == null
        && request.kind() == null
        && request.link() == null
        && request.reason() == null
        && request.runbookSection() == null) {
      return "action, owner, dueDate, status, kind, link, reason, runbookSection: nothing to"
          + " change, give at least one";
    }
    ActionItem old = items.get(index);
    return refuseResult(
        request.status() == null ? old.status() : request.status(),
        request.reason() == null ? old.reason() : request.reason(),
        request.kind() == null ? old.kind() : request.kind(),
        request.runbookSection() == null ? old.runbookSection() : request.runbookSection(),
        dropNeedsReason);
  }

  /** Checks the item as it would stand after the change. */
  private static String refuseResult(
      ActionItemStatus status,
      String reason,
      ActionItemKind kind,
      String runbookSection,
      boolean dropNeedsReason) {
    if (dropNeedsReason && status == ActionItemStatus.WONT_DO && reason == null) {
      return "reason: required to drop an item (status WONT_DO): say why it will not be done";
    }
    if (runbookSection != null && kind != ActionItemKind.RUNBOOK_UPDATE) {
      return "runbookSection: only for kind RUNBOOK_UPDATE (this item is "
          + (kind == null ? "of no kind" : kind)
          + ")";
    }
    return null;
  }

  /** Adds ({@code id} null) or updates; call only after the matching refusal returned null. */
  ActionItem apply(ActionItemRequest request, Instant now) {
    if (request.id() == null || request.id().isBlank()) {
      ActionItem added =
          new ActionItem(
              ID_PREFIX + (++lastNumber),
              request.action().strip(),
              strip(request.owner()),
              request.dueDate(),
              request.status() == null ? ActionItemStatus.OPEN : request.status(),
              request.by().strip(),
              now,
              request.kind(),
              strip(request.link()),
              strip(request.reason()),
              strip(request.runbookSection()));
      items.add(added);
      return added;
    }
    int index = indexOf(request.id());
    ActionItem old = items.get(index);
    ActionItem updated =
        new ActionItem(
            old.id(),
            request.action() == null ? old.action() : request.action().strip(),
            request.owner() == null ? old.owner() : request.owner().strip(),
            request.dueDate() == null ? old.dueDate() : request.dueDate(),
            request.status() == null ? old.status() : request.status(),
            request.by().strip(),
            now,
            request.kind() == null ? old.kind() : request.kind(),
            request.link() == null ? old.link() : request.link().strip(),
            request.reason() == null ? old.reason() : request.reason().strip(),
            request.runbookSection() == null
                ? old.runbookSection()
                : request.runbookSection().strip());
    items.set(index, updated);
    return updated;
  }

  private static String refuseCommon(ActionItemRequest request) {
    if (request.by() == null || request.by().isBlank()) {
      return "by: required (who asks)";
    }
    if (request.action() != null && request.action().isBlank()) {
      return "action: must not be blank";
    }
    if (request.action() != null && request.action().length() > MAX_TEXT) {
      return "action: at most " + MAX_TEXT + " characters";
    }
    if (request.owner() != null && request.owner().isBlank()) {
      return "owner: must not be blank (leave it out to keep the current owner)";
    }
    if (request.owner() != null && request.owner().length() > MAX_TEXT) {
      return "owner: at most " + MAX_TEXT + " characters";
    }
    String text = refuseText("reason", request.reason());
    if (text == null) {
      text = refuseText("runbookSection", request.runbookSection());
    }
    return text != null ? text : refuseLink(request.link());
  }

  private static String refuseText(String field, String value) {
    if (value != null && value.isBlank()) {
      return field + ": must not be blank (leave it out to keep the current value)";
    }
    if (value != null && value.length() > MAX_TEXT) {
      return field + ": at most " + MAX_TEXT + " characters";
    }
    return null;
  }

  /** A ticket or pull request: an absolute http(s) URL with a host. */
  private static String refuseLink(String link) {
    if (link == null) {
      return null;
    }
    String refusal = refuseText("link", link);
    if (refusal != null) {
      return refusal;
    }
    try {
      URI uri = new URI(link.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && !uri.getHost().isBlank()) {
        return null;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    return "link: must be an http(s) URL of the ticket or pull request, e.g."
        + " https://github.com/acme/shop/issues/42";
  }

  private int indexOf(String id) {
    String wanted = id.strip();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id().equalsIgnoreCase(wanted)) {
        return i;
      }
    }
    return -1;
  }

  private String knownIds() {
    return items.isEmpty()
        ? "none yet"
        : items.stream().map(ActionItem::id).collect(Collectors.joining(", "));
  }

  private static String strip(String text) {
    return text == null ? null : text.strip();
  }

  private static int number(String id) {
    if (id == null || !id.startsWith(ID_PREFIX)) {
      return 0;
    }
    try {
      return Integer.parseInt(id.substring(ID_PREFIX.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
