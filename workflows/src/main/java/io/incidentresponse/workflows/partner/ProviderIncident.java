package io.incidentresponse.workflows.partner;

import java.util.List;
import java.util.Locale;

/**
 * One incident on a provider's status feed, bounded by the activity that read it.
 *
 * @param id the provider's id (Statuspage id, Atom entry id, RSS guid or link)
 * @param title its title
 * @param status the provider's status ({@code investigating}, {@code resolved}...), or null when
 *     the feed has none (Atom, RSS)
 * @param updatedAt when the provider last updated it, as the feed wrote it: with {@code id}, what
 *     makes an update new
 * @param url where people read it, or null
 * @param components the provider's components it names (Statuspage), else empty
 * @param latestUpdate the latest update's text, or null
 */
public record ProviderIncident(
    String id,
    String title,
    String status,
    String updatedAt,
    String url,
    List<String> components,
    String latestUpdate) {

  public ProviderIncident {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /** The provider says it is over ({@code resolved}, {@code postmortem}, {@code completed}). */
  public boolean resolved() {
    return status != null
        && List.of("resolved", "postmortem", "completed").contains(status.toLowerCase(Locale.ROOT));
  }

  /** Whether it concerns one of {@code components} (every incident when there are none). */
  public boolean concerns(List<String> wanted) {
    if (wanted.isEmpty()) {
      return true;
    }
    String text =
        (String.join(" ", components)
                + " "
                + title
                + " "
                + (latestUpdate == null ? "" : latestUpdate))
            .toLowerCase(Locale.ROOT);
    return wanted.stream().anyMatch(w -> text.contains(w.toLowerCase(Locale.ROOT)));
  }
}
