output "id" {
  description = "Id of the EC2 instance."
  value       = aws_instance.this.id
}

output "private_ip" {
  description = "Private IP address of the instance."
  value       = aws_instance.this.private_ip
}

output "public_ip" {
  description = "Public IP address of the instance, empty without one."
  value       = aws_instance.this.public_ip
}

output "ssh_user" {
  description = "Default user of the Oracle Linux and Red Hat AMIs."
  value       = "ec2-user"
}

output "store_device" {
  description = "Stable path of the store volume inside a Nitro instance: the NVMe device whose serial is the volume id."
  value       = "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${replace(aws_volume_attachment.store.volume_id, "-", "")}"
}
