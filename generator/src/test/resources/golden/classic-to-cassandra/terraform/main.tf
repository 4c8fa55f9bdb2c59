# The new hosts of the model, one module instance per host and keyed by its inventory name, so
# adding or removing one host never renumbers the others. The host list is data:
# hosts.auto.tfvars.json, written by msupgrade from the model's new_hosts.

locals {
  tags = {
    "msupgrade-deployment" = var.deployment
  }
}

# One key pair for every new host: Ansible logs in with the matching private key.
resource "aws_key_pair" "msupgrade" {
  key_name   = "msupgrade-${var.deployment}"
  public_key = var.ssh_public_key
}

module "ms_host_aws" {
  source   = "./modules/ms-host-aws"
  for_each = { for name, host in var.hosts : name => host if host.provider == "aws" }

  name               = each.key
  os_family          = each.value.os_family
  os_version         = each.value.os_version
  cpus               = each.value.cpus
  memory_gb          = each.value.memory_gb
  store_disk_gb      = each.value.store_disk_gb
  instance_type      = var.aws_instance_type
  ami_owner          = var.aws_ami_owner
  subnet_id          = var.aws_subnet_id
  security_group_ids = var.aws_security_group_ids
  key_name           = aws_key_pair.msupgrade.key_name
  private_ip         = each.value.address
  assign_public_ip   = var.assign_public_ip
  tags               = merge(local.tags, { "msupgrade-host" = each.key, "msupgrade-tier" = each.value.tier })
}

module "ms_host_vsphere" {
  source   = "./modules/ms-host-vsphere"
  for_each = { for name, host in var.hosts : name => host if host.provider == "vsphere" }

  name               = each.key
  cpus               = each.value.cpus
  memory_gb          = each.value.memory_gb
  store_disk_gb      = each.value.store_disk_gb
  datacenter         = var.vsphere_datacenter
  cluster            = var.vsphere_cluster
  datastore          = var.vsphere_datastore
  network            = var.vsphere_network
  template           = var.vsphere_template
  folder             = var.vsphere_folder
  ipv4_address       = each.value.address
  ipv4_prefix_length = var.vsphere_ipv4_prefix_length
  ipv4_gateway       = var.vsphere_ipv4_gateway
  dns_servers        = var.vsphere_dns_servers
  ssh_user           = var.vsphere_ssh_user
  ssh_public_key     = var.ssh_public_key
  annotation         = "msupgrade ${var.deployment}: ${each.key} (${join(", ", each.value.components)})"
}

locals {
  # Every built host, whatever its provider; each module has the same outputs.
  instances = merge(
    module.ms_host_aws,
    module.ms_host_vsphere,
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
