package io.msupgrade.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many hosts of a tier change at once (Ansible {@code serial}): an extension of model v1.
 * Stores go one at a time unless told otherwise; front-ends in halves.
 *
 * @param serial a count ("1") or a percentage ("50%") per tier, defaults filled in
 */
public record Rollout(Map<Tier, String> serial, Spans spans) {

    public static final String DEFAULT_STORE_SERIAL = "1";
    public static final String DEFAULT_FRONT_END_SERIAL = "50%";

    public Rollout {
        EnumMap<Tier, String> filled = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            filled.put(t, t == Tier.STORE ? DEFAULT_STORE_SERIAL : DEFAULT_FRONT_END_SERIAL);
        }
        filled.putAll(serial);
        serial = Collections.unmodifiableMap(filled);
    }

    public String serialOf(Tier tier) {
        return serial.get(tier);
    }
}
