terraform {
  required_version = ">= 1.5.0, < 2.0.0"

  # Exact versions: the same tree plans the same way on every machine. local writes the Ansible
  # inventory of the new hosts.
  required_providers {
    local = {
      source  = "hashicorp/local"
      version = "2.5.2"
    }
    oci = {
      source  = "oracle/oci"
      version = "6.32.0"
    }
  }
}
