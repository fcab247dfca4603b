package io.incidentresponse.workflows.intake;

import java.util.List;

/**
 * One webhook delivery whose alert groups are handed to their incidents after the delivery was
 * answered.
 *
 * @param deliveryId identity of the delivery; every incident drops a second batch with the same id
 * @param title a title for a new incident, or null (alerts from a source)
 * @param commander an incident commander for a new incident, or null
 * @param groups the delivery's alerts grouped by incident key, in the order of their first alert
 */
public record DeliveryIntakeInput(
    String deliveryId, String title, String commander, List<AlertGroup> groups) {}
