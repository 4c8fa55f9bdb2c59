# The new hosts of the model, one module instance per host and keyed by its inventory name, so
# adding or removing one host never renumbers the others. The host list is data:
# hosts.auto.tfvars.json, written by msupgrade from the model's new_hosts.

locals {
  tags = {
    "msupgrade-deployment" = var.deployment
  }
}

module "ms_host_oci" {
  source   = "./modules/ms-host-oci"
  for_each = { for name, host in var.hosts : name => host if host.provider == "oci" }

  name                = each.key
  os_version          = each.value.os_version
  cpus                = each.value.cpus
  memory_gb           = each.value.memory_gb
  store_disk_gb       = each.value.store_disk_gb
  compartment_ocid    = var.oci_compartment_ocid
  subnet_ocid         = var.oci_subnet_ocid
  shape               = var.oci_shape
  availability_domain = var.oci_availability_domain
  private_ip          = each.value.address
  assign_public_ip    = var.assign_public_ip
  ssh_public_key      = var.ssh_public_key
  freeform_tags       = merge(local.tags, { "msupgrade-host" = each.key, "msupgrade-tier" = each.value.tier })
}

locals {
  # Every built host, whatever its provider; each module has the same outputs.
  instances = merge(
    module.ms_host_oci,
  )

  # What Ansible needs of each new host. Its other variables are in the generated
  # inventory/host_vars/HOST.yml.
  ansible_hosts = {
    for name, instance in local.instances : name => {
      address = var.ansible_address == "public" ? instance.public_ip : instance.private_ip
      user    = coalesce(var.ansible_user, instance.ssh_user)
      groups  = var.hosts[name].groups
      tier    = var.hosts[name].tier
      wave    = var.hosts[name].wave
    }
  }

  # Ansible's YAML inventory: the hosts with their addresses under all, and each group listing
  # its members.
  ansible_inventory = {
    all = {
      hosts = {
        for name, host in local.ansible_hosts : name => {
          ansible_host = host.address
          ansible_user = host.user
        }
      }
      children = {
        for group in sort(distinct(flatten([for host in values(local.ansible_hosts) : host.groups]))) : group => {
          hosts = { for name, host in local.ansible_hosts : name => {} if contains(host.groups, group) }
        }
      }
    }
  }
}
