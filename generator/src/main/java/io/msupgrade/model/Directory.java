package io.msupgrade.model;

/**
 * The Directory Server that comm_dssetup.pl updates. The password never appears in the model:
 * {@code passwordVar} names the Ansible (vault) variable that holds it. {@code userBase} (may be null)
 * is where users' entries are, for pointing moved users at their new host.
 */
public record Directory(String host, int port, String bindDn, String passwordVar, String userBase, Spans spans) {

    public static final int DEFAULT_PORT = 389;
    public static final String DEFAULT_BIND_DN = "cn=Directory Manager";
}
