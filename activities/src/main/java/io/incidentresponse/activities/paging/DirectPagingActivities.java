package io.incidentresponse.activities.paging;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.model.block.LayoutBlock;
import io.incidentresponse.activities.slack.SlackDirectMessages;
import io.incidentresponse.activities.slack.SlackText;
import io.incidentresponse.workflows.communication.ApprovalButtonContract;
import io.incidentresponse.workflows.communication.PageButtonContract;
import io.incidentresponse.workflows.communication.PageRef;
import io.incidentresponse.workflows.communication.PageRequest;
import io.incidentresponse.workflows.communication.PagingActivities;
import io.incidentresponse.workflows.failures.FailureType;
import io.incidentresponse.workflows.oncall.OnCallPerson;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PagingActivities} without PagerDuty: the person the roster resolved for the level ({@link
 * PageRequest#person()}) gets a Slack direct message with an Acknowledge button ({@link
 * PageButtonContract}) and an e-mail, each when this worker has it configured and the person has it
 * (a Slack user id, an address). The page is {@code direct:<incident>}.
 *
 * <p>Reached by at least one channel is success, with {@link PageRef#via()} naming what worked; a
 * channel that failed is logged with its reason. Nothing worked: a failure naming the person and
 * each channel's reason, retryable unless every channel failed for good (e.g. Slack {@code
 * user_not_found} and an address the server refuses). Nobody to page (no person for the level) is
 * the non-retryable NOT_FOUND; a person with no channel this worker can use is NOT_CONFIGURED,
 * naming what is missing.
 *
 * <p>Once: the Slack message carries a marker (incident, level, person) that a retry finds, and the
 * e-mail a Message-ID derived from the same, so a retry after a lost answer sends no second DM and
 * the same e-mail. LOW urgency pages are sent too (the policy decided to page), and say so.
 * Acknowledging or resolving replaces the DMs of the request's person for this incident with who
 * acknowledged, or that it is resolved; without a person in the request there is no DM to update.
 */
public class DirectPagingActivities implements PagingActivities {
  private static final Logger log = LoggerFactory.getLogger(DirectPagingActivities.class);
  static final String DIRECT = "direct:";
  static final String VIA_SLACK = PersonReach.VIA_SLACK;
  static final String VIA_MAIL = PersonReach.VIA_MAIL;

  private final SlackDirectMessages slack;
  private final PageMailer mail;
  private final PersonReach reach;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param slack direct messages, or null when Slack is not configured
   * @param mail e-mail, or null when SMTP is not configured
   */
  public DirectPagingActivities(SlackDirectMessages slack, PageMailer mail) {
    this.slack = slack;
    this.mail = mail;
    this.reach = new PersonReach(slack, mail);
  }

  /** The channels this worker pages by, e.g. {@code [Slack DM, e-mail]}. */
  public List<String> channels() {
    return reach.channels();
  }

  @Override
  public PageRef openPage(PageRequest request) {
    return page(request);
  }

  @Override
  public PageRef escalatePage(PageRequest request) {
    return page(request);
  }

  @Override
  public void acknowledgePage(PageRequest request) {
    String by =
        request.target() == null || request.target().isBlank() ? "someone" : request.target();
    replaceDms(
        request,
        ":white_check_mark: *Acknowledged* by "
            + SlackText.truncate(SlackText.line(by), PageTexts.MAX_NAME)
            + ": "
            + SlackText.line(request.brief().severity() + " " + request.brief().title()));
  }

  @Override
  public void resolvePage(PageRequest request) {
    replaceDms(
        request,
        ":large_green_circle: *Resolved*: "
            + SlackText.line(request.brief().severity() + " " + request.brief().title()));
  }

  private void replaceDms(PageRequest request, String text) {
    OnCallPerson person = request.person() == null ? null : request.person().person();
    if (slack == null || person == null || !SlackText.isUserId(person.slackUserId())) {
      log.info(
          "Incident {}: no Slack DM to update (no Slack, or no paged person in the request)",
          request.brief().incidentId());
      return;
    }
    int updated =
        slack.update(
            person.slackUserId().trim(),
            request.brief().severity(),
            PageTexts.markerPrefix(request.brief().incidentId()),
            text);
    log.info("Incident {}: updated {} page DM(s)", request.brief().incidentId(), updated);
  }

  private PageRef page(PageRequest request) {
    OnCallPerson person = request.person() == null ? null : request.person().person();
    if (person == null) {
      String why =
          request.person() != null && request.person().problem() != null
              ? ": " + request.person().problem()
              : "";
      throw ApplicationFailure.newNonRetryableFailure(
          "nobody is on call for escalation level "
              + request.level()
              + " ("
              + request.target()
              + ")"
              + why,
          FailureType.NOT_FOUND.type());
    }
    List<String> via =
        reach.reach("page", person, () -> dm(request, person), () -> mail(request, person));
    return new PageRef(DIRECT + request.brief().incidentId(), null, via);
  }

  private void dm(PageRequest request, OnCallPerson person) {
    String marker = PageTexts.marker(request, person);
    String text = PageTexts.slack(request, person);
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(SlackText.truncate(text, SlackDirectMessages.MAX_SECTION_TEXT)))));
    blocks.add(
        actions(
            a ->
                a.blockId(marker)
                    .elements(
                        asElements(
                            button(
                                b ->
                                    b.actionId(PageButtonContract.ACKNOWLEDGE)
                                        .text(plainText("Acknowledge"))
                                        .style("primary")
                                        .value(buttonValue(request, person)))))));
    SlackDirectMessages.Sent sent =
        slack.send(
            person.slackUserId().trim(),
            request.brief().severity(),
            marker,
            SlackText.truncate(text, SlackDirectMessages.MAX_SECTION_TEXT),
            blocks);
    log.info(
        "Incident {}: paged {} by Slack DM ({} {}{})",
        request.brief().incidentId(),
        name(person),
        sent.channelId(),
        sent.ts(),
        sent.now() ? "" : ", sent by an earlier attempt");
  }

  /** The button's value; without the person's id when it would not fit Slack's limit. */
  String buttonValue(PageRequest request, OnCallPerson person) {
    ObjectNode value = json.createObjectNode();
    value.put(PageButtonContract.INCIDENT_ID, request.brief().incidentId());
    value.put(PageButtonContract.LEVEL, request.level());
    value.put(PageButtonContract.SLACK_USER_ID, person.slackUserId().trim());
    String withoutPerson = write(value);
    value.put(PageButtonContract.PERSON, person.id());
    String full = write(value);
    return full.length() <= ApprovalButtonContract.MAX_VALUE ? full : withoutPerson;
  }

  private String write(ObjectNode value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PageMail mail(PageRequest request, OnCallPerson person) {
    return new PageMail(
        person.email().strip(),
        PageTexts.subject(request),
        PageTexts.mail(request, person),
        PageTexts.messageId(request, person));
  }

  private static String name(OnCallPerson person) {
    return PersonReach.name(person);
  }
}
