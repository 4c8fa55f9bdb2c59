package io.msupgrade.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where each host finds the packages: paths on the host (IPS: a publisher URL). An absent
 * platform is {@code null}; rule MS017 says when a host needs it.
 *
 * @param clusterwareAgent directory of the 8.1.0 Messaging Server Oracle Clusterware agent RPMs
 *                         (chapter "Messaging Server 8.1.0 Upgrade in an HA Environment"); may be null
 * @param previous media of the versions installed today, by version, for back-out
 */
public record Media(
        String linux,
        String solaris,
        String solarisIps,
        String dssetup,
        String clusterwareAgent,
        Map<String, PreviousMedia> previous,
        Spans spans) {

    public Media {
        previous = java.util.Collections.unmodifiableMap(new TreeMap<>(previous));
    }

    public Optional<PreviousMedia> previousFor(Version installed) {
        return Optional.ofNullable(previous.get(installed.text()));
    }

    /** Media of one installed version, for reinstalling it when backing out. */
    public record PreviousMedia(String linux, String solaris, String solarisIps, Spans spans) {
    }
}
