package dev.startle.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChannelBindingTest {
    @Test
    void noneHasNoTypeOrData() {
        assertThat(ChannelBinding.none().isPresent()).isFalse();
        assertThat(ChannelBinding.none().type()).isEmpty();
        assertThat(ChannelBinding.none().data()).isEmpty();
    }

    @Test
    void dataIsCopiedAndNotPrinted() {
        byte[] data = {1, 2, 3};
        ChannelBinding binding = ChannelBinding.of("tls-exporter", data);
        data[0] = 9;

        assertThat(binding.isPresent()).isTrue();
        assertThat(binding.data()).containsExactly(1, 2, 3);
        assertThat(binding.toString()).isEqualTo("ChannelBinding[tls-exporter, 3 bytes]");
    }

    @Test
    void rejectsInvalidTypeNamesAndEmptyData() {
        assertThatThrownBy(() -> ChannelBinding.of("tls,exporter", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelBinding.of("", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChannelBinding.of("tls-server-end-point", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
