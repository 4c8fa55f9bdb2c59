variable "name" {
  description = "Inventory name of the host; the virtual machine's name and host name."
  type        = string

  validation {
    condition     = length(var.name) <= 253 && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.name))
    error_message = "The name must be a host name: labels of letters, digits and '-' separated by dots, at most 253 characters."
  }
}

variable "datacenter" {
  description = "vSphere datacenter."
  type        = string
}

variable "cluster" {
  description = "Compute cluster whose root resource pool runs the virtual machine."
  type        = string
}

variable "datastore" {
  description = "Datastore of both disks."
  type        = string
}

variable "network" {
  description = "Port group of the virtual machine's network adapter."
  type        = string
}

variable "template" {
  description = "Oracle Linux template (with cloud-init and VMware Tools) cloned for the virtual machine."
  type        = string
}

variable "folder" {
  description = "VM folder, relative to the datacenter; null puts the virtual machine at the datacenter's root."
  type        = string
  default     = null
}

variable "cpus" {
  description = "vCPUs of the virtual machine."
  type        = number

  validation {
    condition     = var.cpus >= 1 && floor(var.cpus) == var.cpus
    error_message = "cpus must be a whole number of at least 1."
  }
}

variable "memory_gb" {
  description = "Memory of the virtual machine in GB."
  type        = number

  validation {
    condition     = var.memory_gb >= 1 && floor(var.memory_gb) == var.memory_gb
    error_message = "memory_gb must be a whole number of at least 1."
  }
}

variable "store_disk_gb" {
  description = "Size of the second disk, for the message store, in GB."
  type        = number

  validation {
    condition     = var.store_disk_gb >= 1 && floor(var.store_disk_gb) == var.store_disk_gb
    error_message = "store_disk_gb must be a whole number of at least 1."
  }
}

variable "store_disk_thin" {
  description = "Thin-provision the store disk."
  type        = bool
  default     = false
}

variable "ipv4_address" {
  description = "Static IPv4 address of the virtual machine (model: address); null uses DHCP."
  type        = string
  default     = null

  validation {
    condition     = var.ipv4_address == null || can(cidrhost("${coalesce(var.ipv4_address, "0.0.0.0")}/32", 0))
    error_message = "ipv4_address must be an IPv4 address."
  }
}

variable "ipv4_prefix_length" {
  description = "Prefix length of the network of a static ipv4_address, such as 24."
  type        = number
  default     = null

  validation {
    condition     = var.ipv4_prefix_length == null || (coalesce(var.ipv4_prefix_length, 0) >= 1 && coalesce(var.ipv4_prefix_length, 0) <= 32)
    error_message = "ipv4_prefix_length must be 1 to 32."
  }
}

variable "ipv4_gateway" {
  description = "Default gateway of a static ipv4_address."
  type        = string
  default     = null
}

variable "dns_servers" {
  description = "DNS servers of a static ipv4_address."
  type        = list(string)
  default     = []
}

variable "ssh_user" {
  description = "User that cloud-init creates with the SSH key and password-less sudo."
  type        = string
  default     = "msupgrade"

  validation {
    condition     = can(regex("^[a-z_][a-z0-9_-]{0,31}$", var.ssh_user))
    error_message = "ssh_user must be a valid Linux user name."
  }
}

variable "ssh_public_key" {
  description = "OpenSSH public key authorized for ssh_user."
  type        = string

  validation {
    condition     = can(regex("^(ssh-|ecdsa-|sk-)", var.ssh_public_key))
    error_message = "ssh_public_key must be an OpenSSH public key (ssh-ed25519 ..., ssh-rsa ..., ecdsa-...)."
  }
}

variable "annotation" {
  description = "Notes shown on the virtual machine in vSphere."
  type        = string
  default     = ""
}
