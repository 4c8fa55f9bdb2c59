output "id" {
  description = "UUID of the virtual machine."
  value       = vsphere_virtual_machine.this.id
}

output "private_ip" {
  description = "IP address VMware Tools reports for the virtual machine."
  value       = vsphere_virtual_machine.this.default_ip_address
}

output "public_ip" {
  description = "Same as private_ip: a virtual machine has one address here."
  value       = vsphere_virtual_machine.this.default_ip_address
}

output "ssh_user" {
  description = "User cloud-init created with the SSH key."
  value       = var.ssh_user
}

output "store_device" {
  description = "Device path of the store disk inside the virtual machine."
  value       = "/dev/sdb"
}
