output "ansible_hosts" {
  description = "The new hosts for Ansible, by inventory name: address, inventory groups, upgrade tier and wave."
  value       = local.ansible_hosts
}

output "ansible_inventory_file" {
  description = "The Ansible inventory file of the new hosts that terraform apply wrote."
  value       = local_file.ansible_inventory.filename
}

output "instances" {
  description = "Provider id and store disk device of each new host."
  value = {
    for name, instance in local.instances : name => {
      id           = instance.id
      store_device = instance.store_device
    }
  }
}
