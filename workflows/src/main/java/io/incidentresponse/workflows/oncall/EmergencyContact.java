package io.incidentresponse.workflows.oncall;

import java.util.List;

/**
 * Someone to call in an emergency, inside the company or at a vendor.
 *
 * @param key stable key (e.g. {@code security-lead}, {@code aws-support})
 * @param name who or what (e.g. {@code Security Team Lead}, {@code AWS Support})
 * @param kind {@code internal} or {@code external}
 * @param person the person behind an internal contact when the roster knows them, else null
 * @param reach how to reach them, one way per line (phone, Slack, support portal, case system,
 *     e-mail), as written in the configuration
 * @param covers what the contact is for, matched against findings and categories (e.g. {@code aws},
 *     {@code cloud}, {@code cdn}, {@code database}, {@code paging}, {@code security}); empty for
 *     contacts that are always relevant
 */
public record EmergencyContact(
    String key,
    String name,
    String kind,
    OnCallPerson person,
    List<String> reach,
    List<String> covers) {
  public EmergencyContact {
    reach = reach == null ? List.of() : List.copyOf(reach);
    covers = covers == null ? List.of() : List.copyOf(covers);
  }
}
