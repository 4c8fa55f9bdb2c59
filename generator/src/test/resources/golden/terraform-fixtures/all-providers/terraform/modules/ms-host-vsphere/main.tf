data "vsphere_datacenter" "this" {
  name = var.datacenter
}

data "vsphere_compute_cluster" "this" {
  name          = var.cluster
  datacenter_id = data.vsphere_datacenter.this.id
}

data "vsphere_datastore" "this" {
  name          = var.datastore
  datacenter_id = data.vsphere_datacenter.this.id
}

data "vsphere_network" "this" {
  name          = var.network
  datacenter_id = data.vsphere_datacenter.this.id
}

# The Oracle Linux template the virtual machine is cloned from.
data "vsphere_virtual_machine" "template" {
  name          = var.template
  datacenter_id = data.vsphere_datacenter.this.id
}

locals {
  # cloud-init's VMware guestinfo data source reads these: the host name, and a user for Ansible.
  # With an address in the model, a static network configuration (cloud-init network v2);
  # without one, the template's DHCP.
  static_network = {
    for key, config in {
      network = {
        version = 2
        ethernets = {
          primary = {
            match       = { name = "e*" }
            dhcp4       = false
            addresses   = ["${coalesce(var.ipv4_address, "0.0.0.0")}/${coalesce(var.ipv4_prefix_length, 32)}"]
            gateway4    = var.ipv4_gateway
            nameservers = { addresses = var.dns_servers }
          }
        }
      }
    } : key => config if var.ipv4_address != null
  }
  metadata = jsonencode(merge({
    "local-hostname" = var.name
    "instance-id"    = var.name
  }, local.static_network))
  userdata = join("\n", ["#cloud-config", yamlencode({
    hostname = var.name
    users = [{
      name                = var.ssh_user
      sudo                = "ALL=(ALL) NOPASSWD:ALL"
      shell               = "/bin/bash"
      ssh_authorized_keys = [var.ssh_public_key]
    }]
  })])
}

resource "vsphere_virtual_machine" "this" {
  name             = var.name
  resource_pool_id = data.vsphere_compute_cluster.this.resource_pool_id
  datastore_id     = data.vsphere_datastore.this.id
  folder           = var.folder
  annotation       = var.annotation
  num_cpus         = var.cpus
  memory           = var.memory_gb * 1024
  guest_id         = data.vsphere_virtual_machine.template.guest_id
  firmware         = data.vsphere_virtual_machine.template.firmware
  scsi_type        = data.vsphere_virtual_machine.template.scsi_type

  network_interface {
    network_id   = data.vsphere_network.this.id
    adapter_type = data.vsphere_virtual_machine.template.network_interface_types[0]
  }

  # The system disk, as large as the template's.
  disk {
    label            = "disk0"
    unit_number      = 0
    size             = data.vsphere_virtual_machine.template.disks[0].size
    thin_provisioned = data.vsphere_virtual_machine.template.disks[0].thin_provisioned
  }

  # The message store's own disk, the second on the first SCSI controller (/dev/sdb).
  disk {
    label            = "store"
    unit_number      = 1
    size             = var.store_disk_gb
    thin_provisioned = var.store_disk_thin
  }

  clone {
    template_uuid = data.vsphere_virtual_machine.template.id
  }

  extra_config = {
    "guestinfo.metadata"          = base64encode(local.metadata)
    "guestinfo.metadata.encoding" = "base64"
    "guestinfo.userdata"          = base64encode(local.userdata)
    "guestinfo.userdata.encoding" = "base64"
  }

  lifecycle {
    precondition {
      condition     = var.ipv4_address == null || (var.ipv4_prefix_length != null && var.ipv4_gateway != null)
      error_message = "Host ${var.name} has a static address: ipv4_prefix_length and ipv4_gateway are needed too."
    }

    # A rebuilt template must not rebuild a host that already carries a message store.
    ignore_changes = [clone[0].template_uuid]
  }
}
