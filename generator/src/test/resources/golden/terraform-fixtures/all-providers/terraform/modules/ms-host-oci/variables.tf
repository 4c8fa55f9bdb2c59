variable "name" {
  description = "Inventory name of the host; the instance's display name."
  type        = string

  validation {
    condition     = length(var.name) <= 253 && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.name))
    error_message = "The name must be a host name: labels of letters, digits and '-' separated by dots, at most 253 characters."
  }
}

variable "os_version" {
  description = "Oracle Linux major version of the platform image, such as \"8\"."
  type        = string

  validation {
    condition     = contains(["7", "8", "9"], var.os_version)
    error_message = "OCI platform images exist for Oracle Linux 7, 8 and 9."
  }
}

variable "cpus" {
  description = "vCPUs the host needs; x86 OCPUs are two vCPUs each, so the instance gets ceil(cpus / 2) OCPUs."
  type        = number

  validation {
    condition     = var.cpus >= 1 && floor(var.cpus) == var.cpus
    error_message = "cpus must be a whole number of at least 1."
  }
}

variable "memory_gb" {
  description = "Memory of the instance in GB."
  type        = number

  validation {
    condition     = var.memory_gb >= 1 && floor(var.memory_gb) == var.memory_gb
    error_message = "memory_gb must be a whole number of at least 1."
  }
}

variable "store_disk_gb" {
  description = "Size of the block volume for the message store in GB."
  type        = number

  validation {
    condition     = var.store_disk_gb >= 50 && var.store_disk_gb <= 32768
    error_message = "OCI block volumes are 50 GB to 32 TB."
  }
}

variable "compartment_ocid" {
  description = "OCID of the compartment that holds the instance and its volume."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.(compartment|tenancy)\\.", var.compartment_ocid))
    error_message = "compartment_ocid must be a compartment (or tenancy) OCID, ocid1.compartment...."
  }
}

variable "subnet_ocid" {
  description = "OCID of the subnet of the instance's primary VNIC."
  type        = string

  validation {
    condition     = can(regex("^ocid1\\.subnet\\.", var.subnet_ocid))
    error_message = "subnet_ocid must be a subnet OCID, ocid1.subnet...."
  }
}

variable "shape" {
  description = "Flexible compute shape, such as VM.Standard.E4.Flex."
  type        = string

  validation {
    condition     = endswith(var.shape, ".Flex")
    error_message = "The shape must be a flexible shape (name ending in .Flex): the instance is sized with shape_config."
  }
}

variable "availability_domain" {
  description = "Availability domain of the instance and its volume; null takes the region's first."
  type        = string
  default     = null
}

variable "boot_volume_gb" {
  description = "Size of the boot volume in GB; null keeps the image's size."
  type        = number
  default     = null
}

variable "store_vpus_per_gb" {
  description = "Performance of the store volume: 0 lower cost, 10 balanced, 20 higher performance, 30 to 120 ultra high."
  type        = number
  default     = 10

  validation {
    condition     = contains([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120], var.store_vpus_per_gb)
    error_message = "store_vpus_per_gb must be 0, 10, 20 or a multiple of 10 from 30 to 120."
  }
}

variable "store_device" {
  description = "Consistent device path of the store volume inside the instance."
  type        = string
  default     = "/dev/oracleoci/oraclevdb"

  validation {
    condition     = can(regex("^/dev/oracleoci/oraclevd[b-z]$", var.store_device))
    error_message = "store_device must be a consistent device path from /dev/oracleoci/oraclevdb to /dev/oracleoci/oraclevdz."
  }
}

variable "private_ip" {
  description = "Private IPv4 address the host must get (model: address); null lets the subnet choose."
  type        = string
  default     = null

  validation {
    condition     = var.private_ip == null || can(cidrhost("${coalesce(var.private_ip, "0.0.0.0")}/32", 0))
    error_message = "private_ip must be an IPv4 address."
  }
}

variable "assign_public_ip" {
  description = "Give the primary VNIC a public IP address."
  type        = bool
  default     = false
}

variable "ssh_public_key" {
  description = "OpenSSH public key(s) authorized for the image's default user, opc."
  type        = string

  validation {
    condition     = can(regex("^(ssh-|ecdsa-|sk-)", var.ssh_public_key))
    error_message = "ssh_public_key must be an OpenSSH public key (ssh-ed25519 ..., ssh-rsa ..., ecdsa-...)."
  }
}

variable "freeform_tags" {
  description = "Free-form tags for the instance and its volume."
  type        = map(string)
  default     = {}
}
