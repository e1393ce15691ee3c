package cmoadvisor.conversation;

import cmoadvisor.TestKnowledge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InHouseCostTest {
    private final InHouseCost costs = new InHouseCost(TestKnowledge.knowledge().pricing());

    @Test
    void monthly_addsTheArticlesRangesToTheSalary() {
        InHouseCost.Breakdown b = costs.monthly(5000);
        assertThat(b.taxes()).isEqualTo(new InHouseCost.Range(1000, 2000));
        assertThat(b.bonus()).isEqualTo(new InHouseCost.Range(500, 1000));
        assertThat(b.tools()).isEqualTo(new InHouseCost.Range(200, 500));
        assertThat(b.equipment().low()).isCloseTo(41.67, within(0.01));
        assertThat(b.training().high()).isCloseTo(416.67, within(0.01));
        assertThat(b.total().low()).isCloseTo(6908.33, within(0.01));
        assertThat(b.total().high()).isCloseTo(9000, within(0.01));
    }

    @Test
    void saving_comparesWithTheRetainer_andNeverGoesBelowZero() {
        assertThat(costs.saving(new InHouseCost.Range(6908, 9000))).isEqualTo(new InHouseCost.Range(1908, 7000));
        assertThat(costs.saving(new InHouseCost.Range(1500, 1800))).isEqualTo(new InHouseCost.Range(0, 0));
    }
}
