package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateQueryOrderTest {

  @Test
  void sixRounds_putEachKindInEachPlaceTwiceAndAfterEachOtherKindTwice() {
    Map<String, Integer> places = new HashMap<>();
    Map<String, Integer> follows = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      List<StateQueryOrder> round = StateQueryOrder.round(i);
      assertThat(round).containsExactlyInAnyOrder(StateQueryOrder.values());
      for (int place = 0; place < round.size(); place++) {
        places.merge(round.get(place) + "@" + place, 1, Integer::sum);
        if (place > 0) {
          follows.merge(round.get(place - 1) + ">" + round.get(place), 1, Integer::sum);
        }
      }
    }
    assertThat(places).hasSize(9).allSatisfy((key, count) -> assertThat(count).isEqualTo(2));
    assertThat(follows).hasSize(6).allSatisfy((key, count) -> assertThat(count).isEqualTo(2));
  }

  @Test
  void round_repeatsEverySixRounds() {
    assertThat(StateQueryOrder.round(6)).isEqualTo(StateQueryOrder.round(0));
    assertThat(StateQueryOrder.round(11)).isEqualTo(StateQueryOrder.round(5));
  }
}
