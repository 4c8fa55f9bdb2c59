package io.msupgrade.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.msupgrade.model.Component;
import io.msupgrade.model.Deployment;
import io.msupgrade.model.Host;
import io.msupgrade.model.Keyword;
import io.msupgrade.model.NewHost;
import io.msupgrade.model.Problem;
import io.msupgrade.model.StoreKind;

/**
 * The strategy each host is given: MS006, MS009, MS015 and MS016.
 *
 * <ul>
 * <li>MS006 (warning) — chapter "Messaging Server Upgrade Strategies": "There is a data format
 * change in the message store in Messaging Server 8.0.1 ... Coexistent upgrade is recommended to
 * facilitate backing out". In-place store hosts below 8.0.1, at the {@code strategy} value.</li>
 * <li>MS009 — chapter "Using the Coexistent Upgrade on Messaging Server" (a new target host is built
 * for each host and users move to it) and "Specific Steps for Upgrading Messaging Server Using the
 * Coexistence Model" ("clone the relevant parts of the old machine's configuration to this new
 * machine"): a coexistence host names its {@code replacement}; the replacement runs the same
 * components, with {@code mal} in place of {@code store} on a Cassandra target ("installing message
 * access layer hosts"); a new host replaces at most one host; an in-place host has no
 * replacement. A replacement name that is not a new host at all is an MS012 reference error
 * ({@link ModelConsistencyRules}).</li>
 * <li>MS015 — chapter "Technical Features Supporting Messaging Server Upgrade": imsbackup and
 * imsrestore move mailboxes "when the message store database format changes, for example, from
 * Messaging Server 32-bit to Messaging Server 64-bit"; 8.1.0 is 64-bit, so a 32-bit store is not
 * upgraded in place. At the {@code strategy} value.</li>
 * <li>MS016 (warning) — chapter "Messaging Server Upgrade Strategies": "you might want to use an
 * in-place upgrade on your front-end servers (relays, MMPs, and webmail servers) but ... a
 * coexistent upgrade on your message stores". At the {@code strategy} value of a host that departs
 * from that fit.</li>
 * </ul>
 *
 * <p>One message per in-place store host, the most serious first: on a Cassandra target MS003
 * ({@link StoreKindRules}) already demands coexistence, so MS015/MS006/MS016 stay quiet; otherwise
 * MS015 (32-bit), else MS006 (below 8.0.1), else MS016. Hosts below 7.x carry MS001 and get no
 * strategy advice. A front-end with coexistence gets no MS016 when its replacement changes the
 * architecture or the OS: then coexistence is the way, not a detour. Components are compared
 * normalised (on a Cassandra target {@code store} counts as {@code mal}; on a classic target
 * {@code mal} counts as {@code store}; {@code cassandra} is ignored), so a replacement that MS004
 * already flags for its store kind is not flagged again here.
 */
public final class StrategyRules implements Rule {

    @Override
    public List<String> codes() {
        return List.of("MS006", "MS009", "MS015", "MS016");
    }

    @Override
    public List<Problem> check(Deployment model) {
        List<Problem> out = new ArrayList<>();
        boolean cassandra = model.target().store() == StoreKind.CASSANDRA;
        for (Host host : model.hosts()) {
            if (host.version().major() >= 7) {
                if (host.isInPlace() && host.isStore()) {
                    inPlaceStore(host, cassandra, out);
                } else if (!host.isInPlace() && !host.isStore()) {
                    coexistenceFrontEnd(model, host, out);
                }
            }
        }
        replacements(model, cassandra, out);
        return out;
    }

    private static void inPlaceStore(Host host, boolean cassandra, List<Problem> out) {
        if (cassandra) {
            return; // MS003
        }
        if (host.bits() == 32) {
            // MS015, "Technical Features Supporting Messaging Server Upgrade": 32-bit -> 64-bit via imsbackup/imsrestore.
            out.add(Problem.error("MS015", host.spans().at("strategy"),
                    "host '" + host.name() + "' runs a 32-bit message store and 8.1.0 is 64-bit: the store database"
                            + " format changes, so it cannot be upgraded in place; use strategy: coexistence and move"
                            + " the mailboxes with imsbackup/imsrestore"
                            + " (chapter: Technical Features Supporting Messaging Server Upgrade)"));
        } else if (host.version().isBelow("8.0.1")) {
            // MS006, "Messaging Server Upgrade Strategies": the 8.0.1 store format change has no way back.
            out.add(Problem.warning("MS006", host.spans().at("strategy"),
                    "host '" + host.name() + "' runs " + host.version() + ", below 8.0.1: the message store data format"
                            + " changes in 8.0.1 and an in-place upgrade cannot convert it back; coexistence is"
                            + " recommended so the old store stays as the back-out"
                            + " (chapter: Messaging Server Upgrade Strategies)"));
        } else {
            // MS016, "Messaging Server Upgrade Strategies": coexistence is the documented fit for stores.
            out.add(Problem.warning("MS016", host.spans().at("strategy"),
                    "host '" + host.name() + "' is a message store upgraded in place: that works, with the most"
                            + " downtime and a complicated back-out; coexistence is the documented fit for stores"
                            + " (chapter: Messaging Server Upgrade Strategies)"));
        }
    }

    private static void coexistenceFrontEnd(Deployment model, Host host, List<Problem> out) {
        Optional<NewHost> replacement = Optional.ofNullable(host.replacement()).flatMap(model::newHost);
        boolean platformChange = replacement.map(r -> r.arch() != host.arch() || !r.os().equals(host.os()))
                .orElse(false);
        if (!platformChange) {
            // MS016, "Messaging Server Upgrade Strategies": in-place is the documented fit for front-ends.
            out.add(Problem.warning("MS016", host.spans().at("strategy"),
                    "host '" + host.name() + "' runs only front-end components (" + ids(host.components()) + ") and"
                            + " has no message store to move: in-place is the documented fit for MTA, MMP and webmail"
                            + " hosts; coexistence works but needs a new host"
                            + " (chapter: Messaging Server Upgrade Strategies)"));
        }
    }

    /** MS009, "Using the Coexistent Upgrade on Messaging Server". */
    private static void replacements(Deployment model, boolean cassandra, List<Problem> out) {
        Map<String, Host> replacedBy = new HashMap<>();
        for (Host host : model.hosts()) {
            if (host.isInPlace()) {
                if (host.replacement() != null && !archMove(model, host)) {
                    out.add(Problem.error("MS009", host.spans().at("replacement"),
                            "host '" + host.name() + "' is upgraded in place, so it has no replacement; remove"
                                    + " 'replacement', or use strategy: coexistence to move to '" + host.replacement()
                                    + "' (chapter: Messaging Server Upgrade Strategies)"));
                }
                continue;
            }
            if (host.replacement() == null) {
                out.add(Problem.error("MS009", host.spans().self(),
                        "host '" + host.name() + "' has strategy: coexistence but no 'replacement'; add replacement:"
                                + " NAME naming the host under new_hosts that takes over from it"
                                + " (chapter: Using the Coexistent Upgrade on Messaging Server)"));
                continue;
            }
            Optional<NewHost> found = model.newHost(host.replacement());
            if (found.isEmpty()) {
                continue; // MS012, ModelConsistencyRules
            }
            NewHost next = found.get();
            Host earlier = replacedBy.putIfAbsent(next.name(), host);
            if (earlier != null) {
                out.add(Problem.error("MS009", host.spans().at("replacement"),
                        "new host '" + next.name() + "' already replaces host '" + earlier.name() + "' (line "
                                + earlier.spans().at("replacement").line() + "); a new host replaces at most one host:"
                                + " add another new host for '" + host.name() + "'"
                                + " (chapter: Using the Coexistent Upgrade on Messaging Server)"));
                continue;
            }
            Set<Component> wanted = normalise(host.components(), cassandra);
            Set<Component> has = normalise(next.components(), cassandra);
            if (!wanted.equals(has)) {
                String expected = ids(wanted.stream().sorted().toList());
                out.add(Problem.error("MS009", next.spans().at("components"),
                        "new host '" + next.name() + "' replaces host '" + host.name() + "' (" + ids(host.components())
                                + ") but runs " + ids(next.components()) + "; a replacement runs the same components"
                                + (cassandra ? ", with mal for store on a Cassandra target" : "") + ": write ["
                                + expected + "]" + (cassandra && wanted.contains(Component.MAL)
                                        ? " (cassandra may be added)" : "")
                                + " (chapter: Using the Coexistent Upgrade on Messaging Server)"));
            }
        }
    }

    /** MS005 owns an in-place host whose replacement is on the other architecture. */
    private static boolean archMove(Deployment model, Host host) {
        return model.newHost(host.replacement()).map(r -> r.arch() != host.arch()).orElse(false);
    }

    /** Components as MS009 compares them; the store kind itself is MS004's concern. */
    private static Set<Component> normalise(List<Component> components, boolean cassandra) {
        Set<Component> out = EnumSet.noneOf(Component.class);
        for (Component c : components) {
            if (c == Component.CASSANDRA) {
                continue;
            }
            if (cassandra && c == Component.STORE) {
                out.add(Component.MAL);
            } else if (!cassandra && c == Component.MAL) {
                out.add(Component.STORE);
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private static String ids(List<? extends Keyword> keywords) {
        return keywords.stream().map(Keyword::id).collect(Collectors.joining(", "));
    }
}
