package io.msupgrade.model;

/** Who builds a new host: a cloud through Terraform, or nobody (the hardware exists). */
public enum Provider implements Keyword {
    OCI("oci"),
    AWS("aws"),
    VSPHERE("vsphere"),
    NONE("none");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }
}
