data "oci_identity_availability_domains" "this" {
  compartment_id = var.compartment_ocid
}

# The newest Oracle Linux platform image of the host's major version that runs on the shape.
# The display-name filter keeps the plain images (no GPU or other variants).
data "oci_core_images" "this" {
  compartment_id           = var.compartment_ocid
  operating_system         = "Oracle Linux"
  operating_system_version = var.os_version
  shape                    = var.shape
  state                    = "AVAILABLE"
  sort_by                  = "TIMECREATED"
  sort_order               = "DESC"

  filter {
    name   = "display_name"
    values = ["^Oracle-Linux-${var.os_version}\\.[0-9]+-[0-9]{4}\\.[0-9]{2}\\.[0-9]{2}-[0-9]+$"]
    regex  = true
  }
}

locals {
  availability_domain = coalesce(var.availability_domain, data.oci_identity_availability_domains.this.availability_domains[0].name)
  image_id            = length(data.oci_core_images.this.images) > 0 ? data.oci_core_images.this.images[0].id : ""
}

resource "oci_core_instance" "this" {
  availability_domain = local.availability_domain
  compartment_id      = var.compartment_ocid
  display_name        = var.name
  shape               = var.shape
  freeform_tags       = var.freeform_tags

  shape_config {
    ocpus         = ceil(var.cpus / 2)
    memory_in_gbs = var.memory_gb
  }

  create_vnic_details {
    subnet_id        = var.subnet_ocid
    private_ip       = var.private_ip
    assign_public_ip = var.assign_public_ip
    display_name     = var.name
    freeform_tags    = var.freeform_tags
  }

  source_details {
    source_type             = "image"
    source_id               = local.image_id
    boot_volume_size_in_gbs = var.boot_volume_gb
  }

  metadata = {
    ssh_authorized_keys = var.ssh_public_key
  }

  lifecycle {
    precondition {
      condition     = local.image_id != ""
      error_message = "No Oracle Linux ${var.os_version} platform image runs on shape ${var.shape} in this region."
    }

    # A newer platform image must not rebuild a host that already carries a message store.
    ignore_changes = [source_details[0].source_id]
  }
}

resource "oci_core_volume" "store" {
  availability_domain = local.availability_domain
  compartment_id      = var.compartment_ocid
  display_name        = "${var.name}-store"
  size_in_gbs         = var.store_disk_gb
  vpus_per_gb         = var.store_vpus_per_gb
  freeform_tags       = var.freeform_tags
}

# Paravirtualized with a consistent device path: the store's mount survives reboots and needs
# no iSCSI login on the host.
resource "oci_core_volume_attachment" "store" {
  attachment_type = "paravirtualized"
  instance_id     = oci_core_instance.this.id
  volume_id       = oci_core_volume.store.id
  device          = var.store_device
  display_name    = "${var.name}-store"
}
