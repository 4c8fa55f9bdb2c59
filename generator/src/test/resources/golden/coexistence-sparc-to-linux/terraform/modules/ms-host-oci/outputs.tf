output "id" {
  description = "OCID of the instance."
  value       = oci_core_instance.this.id
}

output "private_ip" {
  description = "Private IP address of the primary VNIC."
  value       = oci_core_instance.this.private_ip
}

output "public_ip" {
  description = "Public IP address of the primary VNIC, empty without one."
  value       = oci_core_instance.this.public_ip
}

output "ssh_user" {
  description = "Default user of Oracle Linux platform images."
  value       = "opc"
}

output "store_device" {
  description = "Device path of the store volume inside the instance."
  value       = oci_core_volume_attachment.store.device
}
