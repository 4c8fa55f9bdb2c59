# The hand-off to Ansible: after terraform apply, the inventory of the new hosts sits next to the
# generated one, so ansible-playbook reads both without a hand edit.
resource "local_file" "ansible_inventory" {
  filename        = "${path.module}/../ansible/inventory/new_hosts.yml"
  file_permission = "0644"
  content         = "# Written by terraform apply in the generated terraform/ directory; do not edit.\n${yamlencode(local.ansible_inventory)}"
}
