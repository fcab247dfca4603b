package io.incidentresponse.workflows.incident;

import java.util.List;

/**
 * {@code {"by":"alice","topics":["aws"]}}: post the emergency contacts for the topics (every
 * contact when none) in the incident channel. At most {@value #MAX_TOPICS} topics of at most
 * {@value #MAX_TOPIC_LENGTH} characters each; a request beyond that changes nothing and says why.
 */
public record ShareContactsRequest(String by, List<String> topics) implements PersonSignalInput {
  public static final int MAX_TOPICS = 20;
  public static final int MAX_TOPIC_LENGTH = 60;

  public ShareContactsRequest {
    topics = topics == null ? List.of() : topics.stream().filter(t -> t != null).toList();
  }

  /** Why the topics are refused, or null when they fit. */
  public String topicsProblem() {
    if (topics.size() > MAX_TOPICS) {
      return "topics has " + topics.size() + " entries; at most " + MAX_TOPICS;
    }
    for (String topic : topics) {
      if (topic.length() > MAX_TOPIC_LENGTH) {
        return "topics has an entry of "
            + topic.length()
            + " characters; at most "
            + MAX_TOPIC_LENGTH;
      }
    }
    return null;
  }
}
