package io.msupgrade.model;

/** Per-provider settings shared by all new hosts; a provider not written is {@code null}. */
public record Provisioning(Oci oci, Aws aws, Vsphere vsphere, Spans spans) {

    public record Oci(String region, String compartmentOcid, String subnetOcid, String shape, Spans spans) {
    }

    public record Aws(String region, String subnetId, String instanceType, String amiOwner, Spans spans) {
    }

    public record Vsphere(String datacenter, String cluster, String datastore, String network, String template,
                          Spans spans) {
    }
}
