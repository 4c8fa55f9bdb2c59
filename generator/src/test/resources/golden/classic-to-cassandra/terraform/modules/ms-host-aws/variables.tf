variable "name" {
  description = "Inventory name of the host; the instance's Name tag."
  type        = string

  validation {
    condition     = length(var.name) <= 253 && can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", var.name))
    error_message = "The name must be a host name: labels of letters, digits and '-' separated by dots, at most 253 characters."
  }
}

variable "os_family" {
  description = "Linux distribution of the AMI: oracle-linux or rhel."
  type        = string

  validation {
    condition     = contains(["oracle-linux", "rhel"], var.os_family)
    error_message = "os_family must be oracle-linux or rhel."
  }
}

variable "os_version" {
  description = "Major version of the distribution, such as \"8\"."
  type        = string

  validation {
    condition     = contains(["7", "8", "9"], var.os_version)
    error_message = "os_version must be 7, 8 or 9."
  }
}

variable "ami_owner" {
  description = "Account that publishes the AMI (Oracle Linux: 131827586825; Red Hat: 309956199498)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.ami_owner))
    error_message = "ami_owner must be a 12-digit AWS account id."
  }
}

variable "ami_name_pattern" {
  description = "Name filter of the AMI; null derives it from os_family and os_version (OL8.*-x86_64-HVM-*, RHEL-8.*_HVM-*-x86_64-*)."
  type        = string
  default     = null
}

variable "instance_type" {
  description = "EC2 instance type; it must offer at least cpus vCPUs and memory_gb of memory."
  type        = string
}

variable "cpus" {
  description = "vCPUs the host needs."
  type        = number

  validation {
    condition     = var.cpus >= 1 && floor(var.cpus) == var.cpus
    error_message = "cpus must be a whole number of at least 1."
  }
}

variable "memory_gb" {
  description = "Memory the host needs in GiB."
  type        = number

  validation {
    condition     = var.memory_gb >= 1 && floor(var.memory_gb) == var.memory_gb
    error_message = "memory_gb must be a whole number of at least 1."
  }
}

variable "store_disk_gb" {
  description = "Size of the EBS volume for the message store in GiB."
  type        = number

  validation {
    condition     = var.store_disk_gb >= 1 && var.store_disk_gb <= 16384
    error_message = "gp3 volumes are 1 GiB to 16 TiB."
  }
}

variable "store_device_name" {
  description = "Device name the store volume is attached as (Nitro instances show it as an NVMe device whose serial is the volume id)."
  type        = string
  default     = "/dev/sdf"

  validation {
    condition     = can(regex("^/dev/sd[f-p]$", var.store_device_name))
    error_message = "store_device_name must be one of /dev/sdf to /dev/sdp, the names AWS recommends for EBS data volumes."
  }
}

variable "boot_volume_gb" {
  description = "Size of the root volume in GiB; null keeps the AMI's size."
  type        = number
  default     = null
}

variable "subnet_id" {
  description = "Subnet of the instance."
  type        = string

  validation {
    condition     = can(regex("^subnet-[0-9a-f]+$", var.subnet_id))
    error_message = "subnet_id must be a subnet id, subnet-...."
  }
}

variable "security_group_ids" {
  description = "Security groups of the instance; empty uses the VPC's default group."
  type        = list(string)
  default     = []
}

variable "key_name" {
  description = "Name of the EC2 key pair whose public key is authorized for ec2-user."
  type        = string
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
  description = "Give the instance a public IP address."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the instance and its volumes."
  type        = map(string)
  default     = {}
}
