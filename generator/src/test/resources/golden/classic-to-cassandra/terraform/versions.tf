terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  # Exact versions: the same tree plans the same way on every machine. local writes the Ansible
  # inventory of the new hosts.
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.5.2"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
    vsphere = {
      source  = "hashicorp/vsphere"
      version = "2.10.0"
    }
  }
}
