package io.msupgrade.run.rehearsal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the simulator's journal: one command a simulated host ran, with the keys
 * {@code journal()} of the simulator (simulator/msim/execution.py) writes. A simulated command's line has most of them; a
 * passed-through command ({@code passthrough}) or a host the simulator does not know
 * ({@code unknown}, {@code error}) writes only a few, so a key the line lacks is null here and every
 * reader checks what it needs. Read once, where the journal is read ({@link JournalLines}).
 *
 * @param seq       the simulator's command counter
 * @param argv      the command and its arguments
 * @param rc        its exit status
 * @param tStart    modelled start (the simulator's lockstep clock, seconds)
 * @param tEnd      modelled end
 * @param duration  modelled duration, seconds
 * @param version   the host's installed version after the command
 * @param running   the host's running services after the command
 * @param fault     the id of the injected fault the command took
 * @param affected  the other hosts the command changed
 * @param info      what the command did, by the simulator's handlers (ldap_changes, rehosted, ...)
 * @param mail      the mail activity around the command
 * @param services  the services that went {@code down} or came {@code up}, by host
 * @param realStart when the command got the simulator's lock, wall clock (epoch seconds)
 * @param realEnd   when it returned, wall clock
 * @param sleep     the real seconds it slept for its modelled duration (time scale above 0)
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a key a newer simulator adds is not this reader's concern
public record JournalEntry(
        Integer seq,
        String host,
        List<String> argv,
        Integer rc,
        String time,
        @JsonProperty("t_start") Double tStart,
        @JsonProperty("t_end") Double tEnd,
        Double duration,
        String version,
        List<String> running,
        Boolean unknown,
        String fault,
        List<String> flags,
        List<String> affected,
        Map<String, Object> info,
        Map<String, Object> mail,
        String stderr,
        Map<String, Map<String, List<String>>> services,
        @JsonProperty("real_start") Double realStart,
        @JsonProperty("real_end") Double realEnd,
        Double sleep,
        Boolean passthrough,
        @JsonProperty("outside_sandbox") String outsideSandbox,
        String error) {

    /** A command was run and exited 0 (the only lines the order checks count). */
    public boolean succeeded() {
        return argv != null && !argv.isEmpty() && rc != null && rc == 0;
    }

    /** The host as the reports print it: "null" for a line without one. */
    public String hostName() {
        return String.valueOf(host);
    }

    /** The services of {@code host} that went {@code what} ("down" or "up") with this command. */
    public List<String> services(String what, String host) {
        if (services == null || services.get(what) == null) {
            return List.of();
        }
        return services.get(what).getOrDefault(host, List.of());
    }

    /** The hosts some of whose services went {@code what} ("down" or "up") with this command. */
    public Set<String> servicesHosts(String what) {
        if (services == null || services.get(what) == null) {
            return Set.of();
        }
        return services.get(what).keySet();
    }
}
