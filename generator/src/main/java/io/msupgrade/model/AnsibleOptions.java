package io.msupgrade.model;

/**
 * How the generated tree gets its roles ({@code ansible:}): an extension of model v1.
 *
 * @param roles {@code vendored} (default): the roles are written into {@code ansible/roles/};
 *              {@code collection}: the tree requires the {@code msupgrade.messaging} collection of
 *              this msupgrade's version and names its roles by their fully qualified names
 */
public record AnsibleOptions(RolesSource roles, Spans spans) {

    public static final RolesSource DEFAULT_ROLES = RolesSource.VENDORED;

    public AnsibleOptions {
        roles = roles != null ? roles : DEFAULT_ROLES;
    }

    public boolean fromCollection() {
        return roles == RolesSource.COLLECTION;
    }

    /** Where the roles of the generated tree come from. */
    public enum RolesSource implements Keyword {
        VENDORED("vendored"),
        COLLECTION("collection");

        private final String id;

        RolesSource(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
